/** A cluster's nodes as the API lists them, and one of them found by its hostname. */
import { call } from "./client";

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

export async function nodes(cookie: string, clusterId: string): Promise<NodeView[]> {
  const res = await call<{ items: NodeView[] }>("GET", `/api/v1/clusters/${clusterId}/nodes`, { cookie });
  if (res.status !== 200) throw new Error(`nodes: ${res.status} ${res.text}`);
  return res.json.items;
}

export async function nodeNamed(cookie: string, clusterId: string, hostname: string): Promise<NodeView | undefined> {
  return (await nodes(cookie, clusterId)).find((n) => n.hostname === hostname);
}

/** The id of the node `hostname`; a node that is not listed fails the test that asked. */
export async function nodeIdNamed(cookie: string, clusterId: string, hostname: string): Promise<string> {
  const node = await nodeNamed(cookie, clusterId, hostname);
  if (!node) throw new Error(`no node ${hostname} in cluster ${clusterId}`);
  return node.id;
}
