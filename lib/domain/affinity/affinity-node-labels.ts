/**
 * The affinity labels a swarm node should carry, worked out from what the agents report. Pure.
 *
 * One mechanism for `affinity:image==x` and `affinity:service==x` (hard and soft): node labels.
 * `wharf.image.<repo>=true` on the nodes whose inventory lists an image of that repository and
 * `wharf.svc.<app>.<service>=true` on the nodes whose task report lists a task of that service
 * (lib/compose/affinity-labels.ts names them). Hard rules are Swarm constraints on these labels
 * (lib/compose/scheduling.ts), so Swarm itself keeps enforcing them when tasks move; soft rules
 * are weighed by the control plane with the same labels when it pins a service's nodes
 * (choose-node.ts). The labels are kept by sync-affinity-labels.ts.
 *
 * Only labels some service asks for are added (the cluster's affinity rules: not one label per
 * image of every node). A label stays truthful once set: it is removed when its fact ends, even if
 * no service references it any more, and never because a service is not (yet) stored as
 * referencing it; so a deployment that adds a label cannot race a sync that does not know of it.
 */
import {
  affinityLabel,
  imageAffinityLabel,
  IMAGE_LABEL_PREFIX,
  SERVICE_LABEL_PREFIX,
  serviceAffinityLabel,
} from "@/lib/compose/affinity-labels";
import type { PlacementRule } from "@/lib/compose/extensions";
import { inventorySchema, type Inventory } from "@/lib/protocol/inventory";
import { storedTasks, type ReportedTask } from "@/lib/protocol/task-report";
import { baseName } from "../applications/service-colour";

/** A label this mechanism owns (wharf.image.* / wharf.svc.*). */
export function isAffinityLabel(key: string): boolean {
  return key.startsWith(IMAGE_LABEL_PREFIX) || key.startsWith(SERVICE_LABEL_PREFIX);
}

/** The labels a set of services' affinity rules (hard and soft) test. */
export function referencedAffinityLabels(
  services: Iterable<{ appName: string; rules: ReadonlyArray<Pick<PlacementRule, "kind" | "key" | "values">> }>,
): Set<string> {
  const labels = new Set<string>();
  for (const { appName, rules } of services) {
    for (const rule of rules) {
      if (rule.kind !== "affinity") continue;
      const label = affinityLabel(rule.key, rule.values[0] ?? "", appName);
      if (label) labels.add(label);
    }
  }
  return labels;
}

/** The Swarm service name of a task ("shop_web", or a release's "shop_web_green") as the service it belongs to. */
export function taskServiceLabel(swarmName: string): string | undefined {
  const base = baseName(swarmName);
  const separator = base.indexOf("_");
  if (separator <= 0 || separator === base.length - 1) return undefined;
  return serviceAffinityLabel(base.slice(0, separator), base.slice(separator + 1));
}

/** Only the images of a stored inventory: the rest of it (an older agent's shape) does not matter here. */
const storedImages = inventorySchema.pick({ images: true });

/** A stored inventory's image repositories; null when it lists none (an agent that does not report them). */
export function inventoryImages(inventory: unknown): readonly string[] | null {
  return storedImages.safeParse(inventory).data?.images ?? null;
}

/** The Swarm service names of a task report's tasks, but those being stopped (they are leaving the node). */
export function runningServices(tasks: readonly ReportedTask[]): string[] {
  return tasks.filter((t) => t.state !== "stopping").map((t) => t.service);
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether a node's image repositories differ between its stored inventory (as stored) and a new one. */
export function imagesChanged(before: unknown, after: Inventory): boolean {
  return !sameList(inventoryImages(before) ?? [], after.images ?? []);
}

/**
 * Whether a node's task report changes the services it runs (what its wharf.svc.* labels follow).
 * Most reports do not (a task's health or ports changed, a task replaced by another of the same
 * service): those ask for no sync.
 */
export function servicesChanged(before: unknown, after: readonly ReportedTask[]): boolean {
  const set = (tasks: readonly ReportedTask[]) => [...new Set(runningServices(tasks))].sort();
  return !sameList(set(storedTasks(before)), set(after));
}

/** What the agents say of one node. */
export type NodeAffinityFacts = {
  /** Image repositories of its inventory; null when its agent does not report them (kept as they are). */
  images: readonly string[] | null;
  /** Swarm service names of the tasks it runs (its latest task report). */
  services: readonly string[];
};

/** The affinity labels true of a node. */
export function trueAffinityLabels(facts: NodeAffinityFacts): Set<string> {
  const labels = new Set<string>();
  for (const repository of facts.images ?? []) {
    const label = imageAffinityLabel(repository);
    if (label) labels.add(label);
  }
  for (const service of facts.services) {
    const label = taskServiceLabel(service);
    if (label) labels.add(label);
  }
  return labels;
}

export type NodeLabelChange = { labels: Record<string, string>; added: string[]; removed: string[] };

/**
 * The node's complete label set with its affinity labels made right, or null when they already
 * are. Other labels (users', pins, wharf.lb) are left as they are. Managed: the referenced labels
 * and every affinity label the node carries.
 */
export function affinityLabelChange({
  current,
  referenced,
  facts,
}: {
  current: Record<string, string>;
  referenced: ReadonlySet<string>;
  facts: NodeAffinityFacts;
}): NodeLabelChange | null {
  const truths = trueAffinityLabels(facts);
  const managed = new Set([...referenced, ...Object.keys(current).filter(isAffinityLabel)]);
  const labels = { ...current };
  const added: string[] = [];
  const removed: string[] = [];
  for (const key of [...managed].sort()) {
    // An agent that does not report its images leaves the image labels as they are.
    if (facts.images === null && key.startsWith(IMAGE_LABEL_PREFIX)) continue;
    const has = current[key] === "true";
    if (truths.has(key) && !has) {
      labels[key] = "true";
      added.push(key);
    } else if (!truths.has(key) && key in current) {
      delete labels[key];
      removed.push(key);
    }
  }
  return added.length || removed.length ? { labels, added, removed } : null;
}

/**
 * A node's labels as placement should judge affinities now: its other labels with the affinity
 * labels true of it (whether or not the swarm has them yet: the preview and the soft rules read
 * these, the same facts the sync writes to the swarm).
 */
export function withTrueAffinityLabels(labels: Record<string, string>, facts: NodeAffinityFacts): Record<string, string> {
  const kept = Object.entries(labels).filter(
    ([key]) => !isAffinityLabel(key) || (facts.images === null && key.startsWith(IMAGE_LABEL_PREFIX)),
  );
  return { ...Object.fromEntries(kept), ...Object.fromEntries([...trueAffinityLabels(facts)].map((key) => [key, "true"])) };
}
