import { affinityLabel, pinLabel } from "./affinity-labels";
import type { PlacementRule, SchedulingStrategy, ServiceExtensions } from "./extensions";
import type { ComposeService } from "./schema-service";
import type { GenericResource, SwarmPlacement } from "./swarm-types";

export { chooseBinpackNode, chooseSpreadNode, nodeMatchesRule, placeReplicas } from "./choose-node";
export type { ChooseNodeResult, NodeCapacity, NodeRequest } from "./choose-node";

export interface BuildPlacementOptions {
  appName: string;
  serviceName: string;
  service: ComposeService;
  extensions: ServiceExtensions;
  /** App- or installation-wide strategy when the service has no `wharf.scheduling.strategy`. */
  defaultStrategy?: SchedulingStrategy;
  /** Node label to spread replicas over with the spread strategy, e.g. "node.labels.zone". */
  spreadDescriptor?: string;
}

export interface PlacementPlan {
  placement: SwarmPlacement;
  genericResources: GenericResource[];
  strategy: SchedulingStrategy;
  /**
   * When `required`, Swarm alone cannot honour the placement (binpack, alternatives, wildcards, soft rules):
   * the control plane must choose nodes with chooseBinpackNode/chooseSpreadNode using `rules`
   * and set node label `label=true` on them (or use `node.id==<id>` for a single node). The
   * placement already contains the matching `node.labels.<label>==true` constraint.
   */
  pinning: { required: boolean; reasons: string[]; label: string; rules: PlacementRule[] };
}

/** Swarm constraint key for a classic constraint key: `node` is the host name, others are labels. */
function constraintKey(key: string): string {
  if (key === "node") return "node.hostname";
  if (key.startsWith("node.") || key.startsWith("engine.")) return key;
  return `node.labels.${key}`;
}

/** Translates hard classic rules into Swarm constraints; returns why pinning is needed otherwise. */
function translateRule(rule: PlacementRule, appName: string, constraints: string[]): string | undefined {
  if (rule.kind === "affinity") {
    const value = rule.values[0] ?? "";
    const label = affinityLabel(rule.key, value, appName);
    if (label) constraints.push(`node.labels.${label}${rule.op}true`);
    return undefined;
  }
  const key = constraintKey(rule.key);
  if (rule.glob) return `${rule.expression} uses wildcards, which Swarm constraints cannot express`;
  if (rule.op === "!=") {
    // "not any of a, b" is "not a AND not b", which Swarm's AND-ed constraints express directly.
    for (const value of rule.values) constraints.push(`${key}!=${value}`);
    return undefined;
  }
  if (rule.values.length > 1) return `${rule.expression} lists alternatives, which Swarm constraints cannot express`;
  constraints.push(`${key}==${rule.values[0] ?? ""}`);
  return undefined;
}

/**
 * Pure placement for one service: Swarm constraints (compose deploy.placement plus the classic
 * `constraint:`/`affinity:` rules), spread preferences, GPU reservations as generic resources,
 * and whether the control plane must pin nodes itself.
 *
 * Swarm's own scheduler already spreads: it puts each task on the node with the fewest tasks of
 * the service. A spread preference is only added for a configured descriptor (a node label such
 * as a zone); `node.id` would be a no-op because Swarm only groups by node and engine labels.
 */
export function buildPlacement(options: BuildPlacementOptions): PlacementPlan {
  const { appName, serviceName, service, extensions } = options;
  const strategy = extensions.scheduling.strategy ?? options.defaultStrategy ?? "spread";
  const constraints = [...service.deploy.placement.constraints];
  const reasons: string[] = [];
  const hardRules = extensions.scheduling.rules.filter((rule) => !rule.soft);
  for (const rule of hardRules) {
    const reason = translateRule(rule, appName, constraints);
    if (reason) reasons.push(reason);
  }
  if (strategy === "binpack") reasons.push("binpack: Swarm always spreads, so Wharf picks the most-allocated node that fits");
  // Swarm has no soft constraints: a soft rule is resolved when Wharf places the service, with the
  // same affinity labels hard rules constrain on. Nodes that meet it are preferred (choose-node.ts);
  // when none does, the service is placed as if the rule were absent.
  const softRules = extensions.scheduling.rules.filter((rule) => rule.soft);
  if (softRules.length > 0) {
    const expressions = softRules.map((rule) => rule.expression).join(", ");
    reasons.push(
      `${expressions}: soft, so Wharf prefers the nodes that meet ${softRules.length === 1 ? "it" : "them"} and falls back to the others`,
    );
  }
  const label = pinLabel(appName, serviceName);
  if (reasons.length > 0) constraints.push(`node.labels.${label}==true`);

  const preferences = service.deploy.placement.preferences.map((preference) => ({ Spread: { SpreadDescriptor: preference.spread } }));
  if (
    strategy === "spread" &&
    options.spreadDescriptor &&
    !preferences.some((p) => p.Spread.SpreadDescriptor === options.spreadDescriptor)
  ) {
    preferences.push({ Spread: { SpreadDescriptor: options.spreadDescriptor } });
  }

  const placement: SwarmPlacement = { Constraints: [...new Set(constraints)], Preferences: preferences };
  if (service.deploy.placement.max_replicas_per_node !== undefined) placement.MaxReplicas = service.deploy.placement.max_replicas_per_node;
  if (service.platform) placement.Platforms = [{ OS: service.platform.os, Architecture: service.platform.architecture }];

  const genericResources: GenericResource[] = service.deploy.resources.reservations.generic_resources.map((resource) => ({
    DiscreteResourceSpec: { Kind: resource.discrete_resource_spec.kind, Value: resource.discrete_resource_spec.value },
  }));
  if (extensions.gpu !== undefined && !genericResources.some((resource) => resource.DiscreteResourceSpec?.Kind === "gpu")) {
    // Nodes advertise GPUs as the generic resource "gpu" (the agent configures the engine), so
    // Swarm only places the task on a node with enough free GPUs and never overcommits them.
    genericResources.push({ DiscreteResourceSpec: { Kind: "gpu", Value: extensions.gpu } });
  }
  return {
    placement,
    genericResources,
    strategy,
    pinning: { required: reasons.length > 0, reasons, label, rules: extensions.scheduling.rules },
  };
}
