/**
 * Live reads of a load balancer (driver.describe and driver.stats), each with a deadline, shared
 * for a moment between callers: the console polls every few seconds per open page, and a cloud
 * API counts (and throttles) every Describe call, so a cloud balancer is read at most every 15 s
 * per process; HAProxy (one agent command) every 1.5 s.
 */
import type { LbDriverKind, LbStats, ObservedLoadBalancer } from "@/lib/drivers/lb/types";
import { lbDriver } from "../traffic/lb-driver";
import { toLbHandle, type LbRowForHandle } from "../traffic/lb-handle";
import { settle, type Outcome } from "./with-timeout";

export type LiveReads = { observed: Outcome<ObservedLoadBalancer>; stats: Outcome<LbStats> };

const FRESH_MS: Record<LbDriverKind, number> = { haproxy: 1_500, "aliyun-slb": 15_000, "aws-elbv2": 15_000 };
const MAX_ENTRIES = 500;
const cache = new Map<string, { at: number; reads: Promise<LiveReads> }>();

/** `version` (the row's updatedAt) makes an edited balancer read afresh. */
export function liveReads(row: LbRowForHandle & { updatedAt: Date }, kind: LbDriverKind, timeoutMs: number): Promise<LiveReads> {
  const key = `${row.id}@${row.updatedAt.getTime()}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < FRESH_MS[kind]) return hit.reads;
  const driver = lbDriver(kind);
  const reads = Promise.all([
    settle(() => driver.describe(toLbHandle(row)), timeoutMs, row.name),
    settle(() => driver.stats(toLbHandle(row)), timeoutMs, row.name),
  ]).then(([observed, stats]) => ({ observed, stats }));
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { at: Date.now(), reads });
  return reads;
}
