/**
 * Keeps a cluster's affinity node labels (affinity-node-labels.ts) in line with the agents'
 * reports: the image repositories of each node's inventory and the services of its task report.
 * Runs when an inventory's images or a task report change (request-affinity-sync.ts), every 30 s
 * as a backstop, and synchronously before a deployment places and applies its services, so a hard
 * `affinity:image==x` is placeable at once. Changes go through a manager's node.update, the path
 * the pin labels and the reconciler's labels take; the database's swarmLabels follow, so placement
 * and the preview read them.
 */
import { prisma } from "@/lib/db";
import { z } from "zod";
import type { Logger } from "@/lib/logger";
import { storedTasks } from "@/lib/protocol/task-report";
import { LockBusyError, withLock } from "@/lib/redis-lock";
import { sendCommand } from "../commands/send-command";
import { findManager } from "../applications/deploy/find-manager";
import { toJsonColumn } from "../json-column";
import {
  affinityLabelChange,
  inventoryImages,
  isAffinityLabel,
  referencedAffinityLabels,
  runningServices,
  type NodeAffinityFacts,
} from "./affinity-node-labels";

export type SyncAffinityLabelsOptions = {
  clusterId: string;
  /** The manager to go through (a deployment's); found when left out. */
  managerId?: string;
  log?: Logger;
  /** Wait for a sync already running instead of leaving the work to it (a deployment needs the labels now). */
  wait?: boolean;
};

export type AffinityLabelChanges = Array<{ hostname: string; added: string[]; removed: string[] }>;

/** What this sync reads of a stored rule (AppService.extensions.scheduling.rules); others are skipped. */
const storedRules = z.array(z.unknown()).transform((rules) =>
  rules.flatMap((rule) => {
    const parsed = z.object({ kind: z.enum(["constraint", "affinity"]), key: z.string(), values: z.array(z.string()) }).safeParse(rule);
    return parsed.success ? [parsed.data] : [];
  }),
);
const storedLabels = z.record(z.string(), z.string());

/** The affinity labels the cluster's services ask for (rules are stored parsed, in AppService.extensions). */
async function referencedLabels(clusterId: string): Promise<Set<string>> {
  const rows = await prisma.$queryRaw<Array<{ app: string; rules: unknown }>>`
    SELECT a."name" AS "app", s."extensions"->'scheduling'->'rules' AS "rules"
    FROM "AppService" s JOIN "Application" a ON a."id" = s."applicationId"
    WHERE a."clusterId" = ${clusterId} AND a."deletedAt" IS NULL
      AND s."extensions"->'scheduling'->'rules' @> '[{"kind":"affinity"}]'::jsonb`;
  return referencedAffinityLabels(rows.map((r) => ({ appName: r.app, rules: storedRules.safeParse(r.rules).data ?? [] })));
}

/** Each node's facts from its latest inventory and task report, by node id. */
export async function loadAffinityFacts(clusterId: string, nodes: ReadonlyArray<{ id: string; inventory: unknown }>) {
  const reports = await prisma.nodeTasks.findMany({ where: { clusterId }, select: { nodeId: true, tasks: true } });
  const tasksOf = new Map(reports.map((r) => [r.nodeId, storedTasks(r.tasks)]));
  return new Map(
    nodes.map((n): [string, NodeAffinityFacts] => [
      n.id,
      {
        images: inventoryImages(n.inventory),
        services: runningServices(tasksOf.get(n.id) ?? []),
      },
    ]),
  );
}

/** Each swarm node's facts, from the latest inventories and task reports. */
async function clusterFacts(clusterId: string) {
  const nodes = await prisma.node.findMany({
    where: { clusterId, removedAt: null, swarmNodeId: { not: null } },
    select: { id: true, hostname: true, swarmNodeId: true, swarmLabels: true, inventory: true },
  });
  const facts = await loadAffinityFacts(clusterId, nodes);
  return nodes.map((n) => ({
    id: n.id,
    hostname: n.hostname,
    swarmNodeId: n.swarmNodeId ?? "",
    labels: storedLabels.safeParse(n.swarmLabels).data ?? {},
    facts: facts.get(n.id) ?? { images: null, services: [] },
  }));
}

async function sync({ clusterId, managerId, log }: SyncAffinityLabelsOptions): Promise<AffinityLabelChanges> {
  const [referenced, nodes] = await Promise.all([referencedLabels(clusterId), clusterFacts(clusterId)]);
  // Nothing asked for and nothing to take back: the cluster is not asked (the common case).
  if (referenced.size === 0 && !nodes.some((n) => Object.keys(n.labels).some(isAffinityLabel))) return [];
  // Decided against the labels the swarm has now, not the database's last view of them.
  const manager = managerId ?? (await findManager(clusterId)).id;
  const swarm = await sendCommand({ nodeId: manager, type: "swarm.inspect", payload: {}, timeoutMs: 20_000 });
  const bySwarmId = new Map(nodes.map((n) => [n.swarmNodeId, n]));
  const changes: AffinityLabelChanges = [];
  for (const observed of swarm.nodes) {
    const node = bySwarmId.get(observed.id);
    if (!node) continue; // not a node of this cluster's records: not ours to label
    const change = affinityLabelChange({ current: observed.labels, referenced, facts: node.facts });
    if (!change) continue;
    await sendCommand({
      nodeId: manager,
      type: "node.update",
      payload: { swarmNodeId: observed.id, labels: change.labels },
      timeoutMs: 30_000,
    });
    await prisma.node.update({ where: { id: node.id }, data: { swarmLabels: toJsonColumn(change.labels) } });
    changes.push({ hostname: node.hostname, added: change.added, removed: change.removed });
  }
  if (changes.length) log?.info({ clusterId, changes }, "affinity labels updated");
  return changes;
}

/**
 * Brings the cluster's affinity labels in line with the agents' reports; returns what changed.
 * One sync per cluster at a time: a second one either waits (`wait`) or leaves it to the first.
 */
export async function syncAffinityLabels(options: SyncAffinityLabelsOptions): Promise<AffinityLabelChanges> {
  try {
    // A deployment waits past a crashed worker's lock (LOCK_WAIT_MS outlasts its TTL).
    return await withLock(`affinity-labels:${options.clusterId}`, () => sync(options), { wait: options.wait });
  } catch (err) {
    if (err instanceof LockBusyError && !options.wait) return [];
    throw err;
  }
}
