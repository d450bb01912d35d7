/**
 * The one-line commands that add a machine to a cluster. The agent always connects out to the
 * gateway URL; nothing on the machine listens for the control plane.
 *
 * The join token never appears in a process's arguments (visible to every user in `ps`): `echo` is a
 * shell builtin that pipes it into the installer or the agent (`--token-file /dev/stdin`), and the
 * Docker variant hands it over through the environment (`-e WHARF_JOIN_TOKEN` without a value takes
 * it from the docker client's environment). The agent deletes a token file once it has joined.
 */
export type InstallCommands = { script: string; docker: string; node: string };

export function installCommands({
  consoleUrl,
  gatewayUrl,
  token,
  agentImage,
}: {
  consoleUrl: string;
  gatewayUrl: string;
  token: string;
  agentImage: string;
}): InstallCommands {
  const base = consoleUrl.replace(/\/$/, "");
  const q = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  return {
    script: `curl -fsSL ${base}/install.sh -o wharf-install.sh && echo ${q(token)} | sudo sh wharf-install.sh --url ${q(gatewayUrl)} --token-file /dev/stdin`,
    docker: [
      `WHARF_JOIN_TOKEN=${q(token)} docker run -d --name wharf-agent --restart unless-stopped --network host`,
      // The host's pid and cgroup namespaces: the metrics collector reads every container's cgroup
      // files and /proc/<pid>/net/dev (agent/src/metrics), which a namespaced agent cannot see.
      "--pid host --cgroupns host -v /var/run/docker.sock:/var/run/docker.sock -v wharf-agent:/var/lib/wharf-agent",
      `-e WHARF_URL=${q(gatewayUrl)} -e WHARF_JOIN_TOKEN ${agentImage}`,
    ].join(" "),
    node: `curl -fsSL ${base}/agent/wharf-agent.mjs -o wharf-agent.mjs && echo ${q(token)} | sudo node wharf-agent.mjs --url ${q(gatewayUrl)} --token-file /dev/stdin`,
  };
}
