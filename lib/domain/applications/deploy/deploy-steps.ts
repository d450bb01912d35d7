/**
 * The steps of a deployment, worked out before anything is sent to the cluster. The preview shows
 * this list and the worker executes this list (run-steps.ts), so what a person confirms is what
 * runs: the same content-named secrets and configs, the same placement refusals, the same order.
 * Pure: everything it needs (the compiled template, the application's services as they are, the
 * cluster's nodes) is passed in.
 */
import { nodeMatchesRule } from "@/lib/compose/choose-node";
import type { CompiledTemplate } from "../compile-template";
import { keptSwarmName } from "../service-colour";
import { specMode, specReservations } from "../service-facts";
import { contentName } from "./bind-data-objects";

/** A service applied under another name (a release's second colour), with its own replicas and labels. */
export type ServiceOverride = { swarmName: string; replicas: number | null; labels: Record<string, string> };

export type ApplyOptions = {
  /** Compose name → how to apply it instead (releases); other services are applied as compiled. */
  overrides?: ReadonlyMap<string, ServiceOverride>;
  /** Swarm services of the application that are not stale although the template does not name them (the other colour). */
  keep?: readonly string[];
  forceUpdate?: boolean;
  pullLatest?: boolean;
  stopped?: boolean;
  /** Restrict forceUpdate/pullLatest to these services (a redeploy after an image push). */
  only?: string[];
};

/** An application's service as it is now (its row): its Swarm name and the replicas chosen for it. */
export type CurrentService = { name: string; swarmName: string; replicas: number | null };

/** What placement knows of a ready node of the cluster. */
export type PlacementNode = {
  swarmNodeId: string | null;
  hostname: string;
  cpuCores: number;
  memoryBytes: bigint | number;
  gpuCount: number;
  swarmLabels: unknown;
  availability: string;
};

export type DeployStep =
  /**
   * Placement checks for one service; `pin`: the compose scheduler chooses its nodes (binpack, "==(a|b)", wildcards, soft
   * rules); `prefer`: its soft rules, each with the ready nodes that meet it now (none: it falls back to the others).
   */
  | {
      kind: "place";
      service: string;
      pin: boolean;
      strategy: string;
      replicas: number | null;
      refusal: string | null;
      prefer: { rule: string; nodes: string[] }[];
    }
  | { kind: "network"; name: string }
  | { kind: "secret" | "config"; key: string; name: string }
  /** Create or update (the agent compares with what runs); `labels`: added to the compiled ones (a release's colour). */
  | {
      kind: "apply";
      service: string;
      swarmName: string;
      replicas: number | null;
      labels: Record<string, string>;
      forceUpdate: boolean;
      pullLatest: boolean;
    }
  /** A global service cannot be scaled to zero: stopping the application removes it. */
  | { kind: "remove-global"; service: string; swarmName: string }
  /** Dependencies: the next batch starts once these run (compose names to tell people, Swarm names to wait on). */
  | { kind: "wait"; services: string[]; swarmNames: string[] }
  /** Services labelled for the application that are not kept (those the template no longer has, or left behind). */
  | { kind: "remove-stale"; keep: string[] }
  | { kind: "converge"; services: string[] }
  | { kind: "prune"; secrets: string[]; configs: string[]; networks: string[] };

/** Each soft rule of a service with the ready nodes whose labels meet it now (affinity labels included). */
export function softPreferences(
  service: Pick<CompiledTemplate["services"][number], "pinning">,
  nodes: readonly PlacementNode[],
  appName: string,
): { rule: string; nodes: string[] }[] {
  return service.pinning.rules
    .filter((rule) => rule.soft)
    .map((rule) => ({
      rule: rule.expression,
      nodes: nodes
        .filter((n) => {
          const labels = (n.swarmLabels ?? {}) as Record<string, string>;
          const capacity = { id: n.swarmNodeId ?? "", hostname: n.hostname, labels, cpus: 0, memoryBytes: 0, gpus: 0 };
          return nodeMatchesRule({ ...capacity, allocated: { cpus: 0, memoryBytes: 0, gpus: 0, ports: [] } }, rule, appName);
        })
        .map((n) => n.hostname),
    }));
}

/** The application's name, from a compiled service's Swarm name `<app>_<service>`. */
const appNameOf = (s: { name: string; fullName: string }) => s.fullName.slice(0, -(s.name.length + 1));

/** Why no node can run a service's GPU reservation, or null. */
export function gpuRefusal(service: { name: string; spec: unknown }, nodes: readonly PlacementNode[]): string | null {
  const { gpus } = specReservations(service.spec);
  if (gpus === 0 || nodes.some((n) => n.gpuCount >= gpus)) return null;
  return `${service.name} needs ${gpus} GPU${gpus === 1 ? "" : "s"}; no connected node of this cluster has that many`;
}

export function planSteps({
  compiled,
  current,
  nodes,
  options = {},
}: {
  compiled: CompiledTemplate;
  current: readonly CurrentService[];
  nodes: readonly PlacementNode[];
  options?: ApplyOptions;
}): DeployStep[] {
  const row = new Map(current.map((s) => [s.name, s]));
  const replicas = (name: string) =>
    options.overrides?.has(name) ? (options.overrides.get(name)?.replicas ?? null) : (row.get(name)?.replicas ?? null);
  const byName = new Map(compiled.services.map((s) => [s.name, s]));
  const swarmName = (s: CompiledTemplate["services"][number]) =>
    options.overrides?.get(s.name)?.swarmName ?? keptSwarmName(s.fullName, row.get(s.name)?.swarmName);
  const removedWhileStopped = (s: CompiledTemplate["services"][number]) => Boolean(options.stopped) && specMode(s.spec).mode === "global";
  const steps: DeployStep[] = [];

  // Placement first, refusals before the rest: a template that cannot run changes nothing.
  if (!options.stopped) {
    const place = compiled.services.map((s): Extract<DeployStep, { kind: "place" }> => ({
      kind: "place",
      service: s.name,
      pin: s.pinning.required,
      strategy: s.extensions.scheduling.strategy ?? "spread",
      replicas: replicas(s.name),
      refusal: gpuRefusal(s, nodes),
      prefer: softPreferences(s, nodes, appNameOf(s)),
    }));
    steps.push(...place.filter((p) => p.refusal), ...place.filter((p) => !p.refusal));
  }
  for (const n of compiled.networks) steps.push({ kind: "network", name: n.Name });
  for (const x of compiled.secrets) steps.push({ kind: "secret", key: x.Name, name: contentName(x) });
  for (const x of compiled.configs) steps.push({ kind: "config", key: x.Name, name: contentName(x) });

  const batches = compiled.startOrder.map((batch) => batch.flatMap((name) => byName.get(name) ?? []));
  for (const [i, batch] of batches.entries()) {
    for (const s of batch) {
      if (removedWhileStopped(s)) {
        steps.push({ kind: "remove-global", service: s.name, swarmName: s.fullName });
        continue;
      }
      const targeted = !options.only || options.only.includes(s.name);
      steps.push({
        kind: "apply",
        service: s.name,
        swarmName: swarmName(s),
        replicas: options.stopped ? 0 : replicas(s.name),
        labels: options.overrides?.get(s.name)?.labels ?? {},
        forceUpdate: targeted && (options.forceUpdate ?? false),
        pullLatest: targeted && (options.pullLatest ?? s.extensions.latestImage),
      });
    }
    if (i < batches.length - 1 && !options.stopped)
      steps.push({ kind: "wait", services: batch.map((s) => s.name), swarmNames: batch.map(swarmName) });
  }

  const wanted = compiled.services.filter((s) => !removedWhileStopped(s)).map(swarmName);
  const keep = [...wanted, ...(options.keep ?? [])];
  steps.push({ kind: "remove-stale", keep });
  steps.push({ kind: "converge", services: wanted });
  steps.push({
    kind: "prune",
    secrets: compiled.secrets.map(contentName),
    configs: compiled.configs.map(contentName),
    networks: compiled.networks.map((n) => n.Name),
  });
  return steps;
}

/** One line per step, as the preview lists them and the deployment's timeline reports them. */
export function stepTitle(step: DeployStep): string {
  switch (step.kind) {
    case "place":
      if (step.refusal) return `Refused: ${step.refusal}`;
      if (!step.pin) return `Check that a node can run ${step.service}`;
      return `Place ${step.service} (${step.strategy}) on nodes with room for it${step.prefer
        .map((p) => `, preferring ${p.rule} (${p.nodes.length ? `met by ${p.nodes.join(", ")}` : "no node meets it: placed without it"})`)
        .join("")}`;
    case "network":
      return `Ensure network ${step.name}`;
    case "secret":
    case "config":
      return `Ensure ${step.kind} ${step.name} (${step.key})`;
    case "apply":
      return `Create or update service ${step.swarmName}${step.replicas !== null ? ` with ${step.replicas} replica${step.replicas === 1 ? "" : "s"}` : ""}${step.forceUpdate ? ", restarting its tasks" : ""}${step.pullLatest ? ", pulling the image again" : ""}`;
    case "remove-global":
      return `Remove global service ${step.swarmName} while stopped`;
    case "wait":
      return `Wait for ${step.services.join(", ")} before starting the services that depend on them`;
    case "remove-stale":
      return "Remove the application's services that are no longer in the template";
    case "converge":
      return "Wait for every task to run";
    case "prune":
      return "Remove secrets, configs and networks no longer used";
  }
}

/** A step's identity, for comparing the planned list with the executed one. */
export function stepKey(step: DeployStep): string {
  switch (step.kind) {
    case "place":
      return `place ${step.service}${step.refusal ? " refused" : ""}`;
    case "network":
      return `network ${step.name}`;
    case "secret":
    case "config":
      return `${step.kind} ${step.name}`;
    case "apply":
    case "remove-global":
      return `${step.kind} ${step.swarmName}`;
    case "wait":
      return `wait ${step.swarmNames.join(",")}`;
    case "converge":
      return `converge ${step.services.join(",")}`;
    case "remove-stale":
      return `remove-stale keep ${step.keep.join(",")}`;
    case "prune":
      return `prune ${[...step.secrets, ...step.configs, ...step.networks].join(",")}`;
  }
}
