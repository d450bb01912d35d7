import { sendCommand } from "../commands/send-command";
import { findManager } from "../applications/deploy/find-manager";
import { assertCluster, MANAGER_TIMEOUT_MS as TIMEOUT_MS } from "./assert-cluster";
import { claimedSwarmNames } from "./claimed-swarm-names";
import { groupForeign } from "./foreign-services";

/** The Swarm services and stacks on the cluster that Wharf did not create, asked of a manager now. */
export async function listForeignServices({ orgId, clusterId }: { orgId: string; clusterId: string }) {
  await assertCluster(orgId, clusterId);
  const manager = await findManager(clusterId);
  const status = await sendCommand({ nodeId: manager.id, type: "services.status", payload: { labels: {} }, timeoutMs: TIMEOUT_MS });
  return { items: groupForeign(status, await claimedSwarmNames(clusterId)) };
}
