/**
 * The one-line commands that add a machine to a cluster. The agent always connects out to the
 * gateway URL; nothing on the machine listens for the control plane.
 */
export type InstallCommands = { script: string; docker: string; node: string };

export function installCommands({ consoleUrl, gatewayUrl, token, agentImage }: { consoleUrl: string; gatewayUrl: string; token: string; agentImage: string }): InstallCommands {
  const base = consoleUrl.replace(/\/$/, "");
  const q = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  return {
    script: `curl -fsSL ${base}/install.sh | sudo sh -s -- --url ${q(gatewayUrl)} --token ${q(token)}`,
    docker: [
      "docker run -d --name wharf-agent --restart unless-stopped --network host",
      "-v /var/run/docker.sock:/var/run/docker.sock -v wharf-agent:/var/lib/wharf-agent",
      `-e WHARF_URL=${q(gatewayUrl)} -e WHARF_JOIN_TOKEN=${q(token)} ${agentImage}`,
    ].join(" "),
    node: `curl -fsSL ${base}/agent/wharf-agent.mjs -o wharf-agent.mjs && sudo node wharf-agent.mjs --url ${q(gatewayUrl)} --token ${q(token)}`,
  };
}
