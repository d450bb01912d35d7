/** Shared pieces of the cluster tests: API shortcuts and reading the swarm from the engines. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dockerClient } from "../../support/runtime/docker-env";

export const tempDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `wharf-${name}-`));

/**
 * The node command of the install command's Node.js variant, split into its URL and token. The token
 * is piped in (`echo '<token>' | sudo node wharf-agent.mjs --url … --token-file /dev/stdin`), never
 * an argument.
 */
export function parseNodeCommand(command: string): { url: string; token: string } {
  const url = /--url '([^']+)'/.exec(command)?.[1];
  const token = /echo '([^']+)' \| /.exec(command)?.[1];
  if (!url || !token || !command.endsWith("--token-file /dev/stdin") || command.includes("--token "))
    throw new Error(`unexpected install command: ${command}`);
  return { url, token };
}

export async function engineInfo(socketPath: string) {
  return (await dockerClient(socketPath).info()) as {
    ID: string;
    Name: string;
    NCPU: number;
    MemTotal: number;
    ServerVersion: string;
    Swarm: { LocalNodeState: string; NodeID: string; ControlAvailable: boolean; Cluster?: { ID: string } };
  };
}

export async function swarmNodes(managerSocket: string) {
  return (await dockerClient(managerSocket).listNodes()) as Array<{
    ID: string;
    Description: { Hostname: string };
    Spec: { Labels?: Record<string, string>; Availability: string; Role: string };
  }>;
}
