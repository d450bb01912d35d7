/**
 * Stores a node's task snapshot (the agent's `tasks` message) and asks for a traffic sync when it
 * changed. The node, its organisation and cluster come from the agent's authenticated connection,
 * never from the message. Cheap when nothing changed: the hash the connection saw last is
 * compared first, so an identical snapshot (the agent re-sends every 30 s) costs no query at all.
 */
import { createHash } from "node:crypto";
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { canonicalJson } from "@/lib/protocol/canonical-json";
import type { ReportedTask } from "@/lib/protocol/task-report";
import { enqueueTrafficSync, markTrafficChanged } from "./request-sync";
import { servicesChanged } from "../affinity/affinity-node-labels";
import { requestAffinitySync } from "../affinity/request-affinity-sync";
import { toJsonColumn } from "../json-column";

export type RecordNodeTasksOptions = {
  nodeId: string;
  orgId: string;
  clusterId: string;
  /** Validated with taskReportSchema by the caller. */
  tasks: ReportedTask[];
  /** The hash this connection stored or found last; undefined: read the stored one first. */
  knownHash?: string | null;
  log?: Logger;
};

export type RecordNodeTasksResult = {
  hash: string;
  changed: boolean;
  /** False when the node is no longer an active node of that cluster (removed meanwhile): nothing written. */
  stored: boolean;
};

/** Sorted by task id, one entry per task, ports sorted: the same tasks in another order are the same snapshot. */
export function normalizeTasks(tasks: readonly ReportedTask[]): ReportedTask[] {
  const byId = new Map<string, ReportedTask>();
  for (const task of tasks) if (!byId.has(task.taskId)) byId.set(task.taskId, task);
  return [...byId.values()]
    .map((t) => ({
      ...t,
      ports: [...t.ports].sort((a, b) => a.target - b.target || a.protocol.localeCompare(b.protocol) || a.published - b.published),
    }))
    .sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
}

export function taskSnapshotHash(tasks: readonly ReportedTask[]): string {
  return createHash("sha256").update(canonicalJson(tasks)).digest("hex");
}

export async function recordNodeTasks({
  nodeId,
  orgId,
  clusterId,
  tasks,
  knownHash,
  log,
}: RecordNodeTasksOptions): Promise<RecordNodeTasksResult> {
  const normalized = normalizeTasks(tasks);
  const hash = taskSnapshotHash(normalized);
  if (knownHash === hash) return { hash, changed: false, stored: true };
  if (knownHash === undefined) {
    const stored = await prisma.nodeTasks.findUnique({ where: { nodeId }, select: { hash: true, clusterId: true } });
    if (stored?.hash === hash && stored.clusterId === clusterId) return { hash, changed: false, stored: true };
  }
  const written = await prisma.$transaction(async (tx) => {
    // A node removed while its connection is still open must not bring its row back.
    const node = await tx.node.findFirst({ where: { id: nodeId, orgId, clusterId, removedAt: null }, select: { id: true } });
    if (!node) return null;
    const before = await tx.nodeTasks.findUnique({ where: { nodeId }, select: { tasks: true, clusterId: true } });
    const data = { orgId, clusterId, tasks: toJsonColumn(normalized), hash, reportedAt: new Date() };
    await tx.nodeTasks.upsert({ where: { nodeId }, create: { nodeId, ...data }, update: data });
    await markTrafficChanged(clusterId, tx);
    // Which services run where decides the wharf.svc.* affinity labels; most reports leave it as it was.
    return { affinity: before?.clusterId !== clusterId || servicesChanged(before.tasks, normalized) };
  });
  if (!written) return { hash, changed: false, stored: false };
  await enqueueTrafficSync(clusterId, log);
  if (written.affinity) await requestAffinitySync(clusterId, log);
  return { hash, changed: true, stored: true };
}
