/**
 * setBackends and drainBackend for ELBv2. Order of a change: create missing pool groups, register
 * new targets, set the forward weights, deregister leaving targets (AWS drains them), and delete
 * groups that left the forward action once nothing is registered or draining in them any more —
 * until then they stay in the forward action with weight 0, so their draining targets finish.
 */
import { AppError } from "@/lib/errors";
import type { BackendRef, LbHandle, ListenerKey, WeightedBackend } from "../types";
import { poolShares, poolWeights } from "../weights";
import type { ElbApi } from "./api";
import { createGroup, deleteGroup, deregister, modifyForward, register } from "./groups";
import { backendKey, isDraining, planTargets, sameForward, targetKey, type Target, type WeightedGroup } from "./model";
import { findListener, listenerTarget, targetsOf, type PoolGroup, type WharfListener } from "./read";

export async function ownedListener(api: ElbApi, key: Pick<ListenerKey, "port" | "protocol">): Promise<WharfListener> {
  const found = await findListener(api, key.port);
  if (!found || !("owned" in found) || found.owned.protocol !== key.protocol) {
    throw new AppError("NOT_FOUND", `aws-elbv2: ${listenerTarget(api, key)} is not a Wharf listener; create the listener first`);
  }
  return found.owned;
}

/** An NLB forwards to one group: every pool's backends go there, and only one pool may carry traffic. */
async function setNetworkBackends(api: ElbApi, l: WharfListener, backends: WeightedBackend[]): Promise<void> {
  const carrying = [...poolShares(backends)].filter(([, share]) => share > 0).map(([pool]) => pool);
  if (carrying.length > 1) {
    throw new AppError(
      "INVALID_INPUT",
      `aws-elbv2: a Network Load Balancer forwards to a single target group, so it cannot split traffic between pools (${carrying.join(", ")}); give one pool all the weight, or use an Application Load Balancer or the haproxy driver`,
    );
  }
  const group = l.groups[0];
  if (!group) throw new AppError("CONFLICT", `aws-elbv2: ${listenerTarget(api, l)} forwards to no target group`);
  const plan = planTargets(
    await targetsOf(api, group.arn),
    backends.filter((b) => b.weight > 0),
  );
  if (plan.register.length) await register(api, group.arn, plan.register);
  if (plan.deregister.length) await deregister(api, group.arn, plan.deregister);
}

export async function setBackends(api: ElbApi, lb: LbHandle, key: ListenerKey, backends: WeightedBackend[]): Promise<void> {
  const l = await ownedListener(api, key);
  if (api.kind === "network") return setNetworkBackends(api, l, backends);
  const shares = poolShares(backends);
  if (shares.size === 0) shares.set("main", 0); // a forward action needs a group, even an empty one
  const weights = poolWeights(shares);
  const byPool = new Map<string, PoolGroup>(l.groups.map((g) => [g.pool, g]));
  const sticky = l.sticky === true;

  const wanted: WeightedGroup[] = [];
  const deregistrations: { arn: string; targets: { Id: string; Port: number }[] }[] = [];
  for (const [pool] of shares) {
    const arn = byPool.get(pool)?.arn ?? (await createGroup(api, lb, key, pool, sticky));
    const current = byPool.has(pool) ? await targetsOf(api, arn) : [];
    const plan = planTargets(
      current,
      backends.filter((b) => b.pool === pool && b.weight > 0),
    );
    if (plan.register.length) await register(api, arn, plan.register);
    if (plan.deregister.length) deregistrations.push({ arn, targets: plan.deregister });
    wanted.push({ arn, weight: weights.get(pool) ?? 0 });
  }
  // groups of pools that left: weight 0 while anything is still registered or draining, then deleted
  const leaving: string[] = [];
  for (const g of l.groups.filter((g) => !shares.has(g.pool))) {
    const targets = await targetsOf(api, g.arn);
    const live = targets.filter((t) => !isDraining(t));
    if (live.length) deregistrations.push({ arn: g.arn, targets: live.map((t) => ({ Id: t.id, Port: t.port })) });
    if (targets.length) wanted.push({ arn: g.arn, weight: 0 });
    else leaving.push(g.arn);
  }
  if (!sameForward(l.groups, wanted)) await modifyForward(api, l.arn, wanted, l.sticky);
  for (const d of deregistrations) await deregister(api, d.arn, d.targets);
  for (const arn of leaving) await deleteGroup(api, arn);
}

/** The target a drain names: `address:port` as describe reports it, or a BackendRef. */
function drainKey(backend: string | BackendRef): string {
  if (typeof backend !== "string") return backendKey(backend);
  if (/^.+:\d+$/.test(backend)) return backend;
  throw new AppError(
    "INVALID_INPUT",
    `aws-elbv2: ELBv2 targets have no task ids; drain by the backend itself (address and port) or by "address:port", not ${backend}`,
  );
}

export async function drainBackend(api: ElbApi, key: ListenerKey, backend: string | BackendRef): Promise<void> {
  const wantedKey = drainKey(backend);
  const l = await ownedListener(api, key);
  for (const g of l.groups) {
    const target = (await targetsOf(api, g.arn)).find((t: Target) => targetKey(t) === wantedKey);
    if (!target) continue;
    if (!isDraining(target)) await deregister(api, g.arn, [{ Id: target.id, Port: target.port }]);
    return;
  }
}
