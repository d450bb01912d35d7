import { AppError } from "@/lib/errors";
import { sendCommand } from "../../commands/send-command";
import type { AppContext } from "./app-context";
import { connectedNodes } from "./find-manager";

const SETTLE_TIMEOUT_MS = 120_000;

async function retrying<T>(what: string, fn: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const value = await fn();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new AppError("UPSTREAM_FAILED", `Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/**
 * Removes every Docker object the application created: services (and so their tasks), then, once
 * the containers are gone, volumes on every node, secrets, configs and networks.
 */
export async function removeApp(ctx: AppContext) {
  const { managerId, labels, progress } = ctx;
  const status = await sendCommand({ nodeId: managerId, type: "services.status", payload: { labels } });
  for (const s of status.services) {
    await sendCommand({ nodeId: managerId, type: "service.remove", payload: { name: s.name } });
    await progress.step(`Removed service ${s.name}`);
  }
  await retrying("the application's tasks to stop", async () => {
    const left = await sendCommand({ nodeId: managerId, type: "services.status", payload: { labels } });
    return left.services.length === 0 ? true : null;
  });
  const nodes = await connectedNodes(ctx.app.clusterId);
  for (const node of nodes) {
    const removed = await retrying(`volumes on ${node.hostname} to be released`, async () => {
      const r = await sendCommand({ nodeId: node.id, type: "volumes.remove", payload: { labels } });
      return r.failed.length === 0 ? r.removed : null;
    });
    if (removed.length) await progress.step(`Removed volume${removed.length === 1 ? "" : "s"} ${removed.join(", ")} on ${node.hostname}`);
  }
  const pruned = await retrying("networks to be released", async () => {
    const r = await sendCommand({
      nodeId: managerId,
      type: "app.prune",
      payload: { labels, keep: { secrets: [], configs: [], networks: [] } },
    });
    return r.failed.length === 0 ? r.removed : null;
  });
  const removed = [...pruned.secrets, ...pruned.configs, ...pruned.networks];
  if (removed.length) await progress.step(`Removed ${removed.join(", ")}`);
}
