/** Shared pieces of the cluster tests: API shortcuts and reading the swarm from the engines. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dockerClient } from "../../support/runtime/docker-env";
import { call } from "../../support/integration/client";

export type NodeView = {
  id: string;
  hostname: string;
  status: string;
  swarmNodeId: string | null;
  role: string;
  swarmRole: string | null;
  availability: string;
  swarmAvailability: string | null;
  labels: Record<string, string>;
  cpuCores: number;
  memoryBytes: number;
  dockerVersion: string | null;
  lastError: string | null;
  credentialRevokedAt: string | null;
  gpuCount: number;
};

export const tempDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `wharf-${name}-`));

export async function nodes(cookie: string, clusterId: string): Promise<NodeView[]> {
  const res = await call<{ items: NodeView[] }>("GET", `/api/v1/clusters/${clusterId}/nodes`, { cookie });
  if (res.status !== 200) throw new Error(`nodes: ${res.status} ${res.text}`);
  return res.json.items;
}

export async function nodeNamed(cookie: string, clusterId: string, hostname: string): Promise<NodeView | undefined> {
  return (await nodes(cookie, clusterId)).find((n) => n.hostname === hostname);
}

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
