import { findClusterLb, type ClusterLoadBalancer, type ServiceSpec } from "@/lib/compose";
import type { DeployPlan } from "@/lib/schemas/applications";
import { expandRouteHost } from "../traffic/routing-domain";
import type { ComposeIssue } from "@/lib/schemas/applications";
import type { CompiledTemplate } from "./compile-template";
import { issueView } from "./compile-template";
import { equivalentAt } from "@/lib/protocol/spec-equivalence";
import { specHealthCheck, specImage, specMode, specPlacement, specPorts, specReservations } from "./service-facts";
import { storeTtlDays } from "../logs/sync-log-stores";

import { planSteps, stepTitle, type ApplyOptions, type CurrentService, type PlacementNode } from "./deploy/deploy-steps";
import { nextServiceRows } from "./next-service-rows";

/** The target cluster's traffic facts (compileForOrg loads them): its balancers and routing domain. */
export type ClusterTraffic = { loadBalancers: ClusterLoadBalancer[]; routingDomain: string };

/** The parts of a spec the preview names when they differ, and where each lives. */
const FIELDS: Array<[label: string, path: string]> = [
  ["image", "TaskTemplate.ContainerSpec.Image"],
  ["replicas", "Mode"],
  ["ports", "EndpointSpec"],
  ...["Env", "Command", "Args", "Mounts", "HealthCheck", "Secrets", "Configs"].map((k): [string, string] => [
    k.toLowerCase(),
    `TaskTemplate.ContainerSpec.${k}`,
  ]),
  ...["Resources", "RestartPolicy", "Placement", "Networks"].map((k): [string, string] => [k.toLowerCase(), `TaskTemplate.${k}`]),
  ["labels", "Labels"],
  ["update config", "UpdateConfig"],
  ["rollback config", "RollbackConfig"],
];

function at(value: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, key) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}

/**
 * Names of the parts that differ, for the preview ("image", "replicas", "env"...), judged by the
 * same equivalence the agent applies before it updates a service (lib/protocol/spec-equivalence.ts).
 */
function changedFields(before: unknown, after: ServiceSpec): string[] {
  return FIELDS.filter(([, path]) => !equivalentAt(at(before, path), at(after, path), path)).map(([label]) => label);
}

/**
 * What deploying a compiled template changes, compared with the services the application has now:
 * services, networks, volumes, secrets and configs to create, update or remove, load-balancer
 * bindings, autoscaling rules and log stores, and every warning (the template's own, then what the
 * cluster and the registry said: cluster-warnings.ts).
 */
export function planDeployment({
  compiled,
  existing,
  traffic,
  clusterWarnings = [],
  nodes = [],
  options,
}: {
  compiled: CompiledTemplate;
  /** The application's services as they are (none for a new application). */
  existing: Array<CurrentService & { spec: unknown }>;
  traffic?: ClusterTraffic;
  clusterWarnings?: ComposeIssue[];
  /** The cluster's ready nodes, for placement refusals (deploy/pin-placement.ts readyNodes). */
  nodes?: PlacementNode[];
  options?: ApplyOptions;
}): DeployPlan {
  const steps = planSteps({ compiled, current: nextServiceRows(existing, compiled), nodes, options });
  const before = new Map(existing.map((s) => [s.name, s.spec]));
  const services: DeployPlan["services"] = compiled.services.map((s) => {
    const old = before.get(s.name);
    const changes = old ? changedFields(old, s.spec) : [];
    return {
      name: s.name,
      swarmName: s.fullName,
      action: !old ? "create" : changes.length ? "update" : "unchanged",
      changes,
      image: specImage(s.spec),
      ...specMode(s.spec),
      ports: specPorts(s.spec),
      placement: specPlacement(s.spec),
      gpus: specReservations(s.spec).gpus,
      healthCheck: specHealthCheck(s.spec),
    };
  });
  for (const row of existing) {
    if (!compiled.services.some((s) => s.name === row.name)) {
      services.push({
        name: row.name,
        swarmName: row.swarmName,
        action: "remove",
        changes: [],
        image: specImage(row.spec),
        ...specMode(row.spec),
        ports: specPorts(row.spec),
        placement: [],
        gpus: 0,
        healthCheck: null,
      });
    }
  }
  const fresh = existing.length === 0;
  return {
    services,
    networks: compiled.networks.map((n) => ({ name: n.Name, action: fresh ? "create" : "unchanged" })),
    volumes: compiled.volumes.map((v) => ({ name: v.Name, driver: v.Driver, action: fresh ? "create" : "unchanged" })),
    // Content-named, as the deployment creates them: an unchanged value keeps its object.
    secrets: steps.flatMap((x) =>
      x.kind === "secret" ? [{ name: x.name, action: fresh ? ("create" as const) : ("update" as const) }] : [],
    ),
    configs: steps.flatMap((x) =>
      x.kind === "config" ? [{ name: x.name, action: fresh ? ("create" as const) : ("update" as const) }] : [],
    ),
    steps: steps.map((x) => ({ kind: x.kind, title: stepTitle(x), refused: x.kind === "place" && x.refusal !== null })),
    ...trafficPlan(compiled, traffic),
    autoscaling: compiled.services.flatMap((s) =>
      s.extensions.autoScaling ? [{ service: s.name, rule: describeAutoScaling(s.extensions.autoScaling) }] : [],
    ),
    logStores: compiled.services.flatMap((s) =>
      s.extensions.logs.stores.map((l) => ({
        service: s.name,
        name: l.name,
        source: l.source.kind === "stdout" ? "stdout" : l.source.path,
        ttlDays: storeTtlDays(l),
      })),
    ),
    warnings: [...compiled.warnings.map(issueView), ...clusterWarnings],
    notes: compiled.notes.map(issueView),
  };
}

const lbView = (lb: ClusterLoadBalancer | undefined) => (lb ? { id: lb.id, name: lb.name, driver: lb.driver, routing: lb.routing } : null);

/** Load-balancer bindings with the balancer each will use, and routing rules with their hosts expanded. */
function trafficPlan(compiled: CompiledTemplate, traffic: ClusterTraffic | undefined): Pick<DeployPlan, "loadBalancers" | "routing"> {
  const routingLb = traffic?.loadBalancers.find((lb) => lb.routing);
  // Without the cluster's facts the prefix stays visible as such rather than as a made-up domain.
  const domain = traffic?.routingDomain ?? "<cluster routing domain>";
  return {
    loadBalancers: compiled.services.flatMap((s) =>
      s.extensions.lb.map((b) => ({
        service: s.name,
        port: b.containerPort,
        target: `${b.scheme}://${b.lbName}:${b.frontPort}`,
        loadBalancer: lbView(traffic ? findClusterLb(traffic.loadBalancers, b.lbName) : undefined),
      })),
    ),
    routing: compiled.services.flatMap((s) =>
      s.extensions.routing.rules.map((rule) => ({
        service: s.name,
        port: rule.containerPort,
        urls: rule.routes.filter((r) => !r.internal).map((r) => `${r.scheme}://${expandRouteHost(r, domain)}${r.path ?? ""}`),
        internal: rule.routes.filter((r) => r.internal).map((r) => `${r.scheme}://${expandRouteHost(r, domain)}${r.path ?? ""}`),
        sticky: s.extensions.routing.sessionSticky ?? false,
        loadBalancer: lbView(routingLb),
      })),
    ),
  };
}

type AutoScaling = NonNullable<CompiledTemplate["services"][number]["extensions"]["autoScaling"]>;

/** "CPU > 70% → +2; CPU < 30% → −2; 1–10 containers; averaged over 10 s, acting on 1 check, cooldown 60 s out / 180 s in" */
function describeAutoScaling(rule: AutoScaling): string {
  const parts: string[] = [];
  const metric = (label: string, t: AutoScaling["cpu"], unit: string) => {
    if (t?.max !== undefined) parts.push(`${label} > ${t.max}${unit} → +${rule.step}`);
    if (t?.min !== undefined) parts.push(`${label} < ${t.min}${unit} → −${rule.step}`);
  };
  metric("CPU", rule.cpu, "%");
  metric("memory", rule.memory, "%");
  metric("outbound", rule.internetOutRate, " B/s");
  metric("inbound", rule.internetInRate, " B/s");
  parts.push(`${rule.minInstances}–${rule.maxInstances} containers`);
  const checks = rule.breaches === 1 ? "acting on 1 check" : `${rule.breaches} checks in a row`;
  parts.push(
    `averaged over ${rule.windowSeconds} s, ${checks}, cooldown ${rule.cooldownSeconds} s out / ${rule.scaleInCooldownSeconds} s in`,
  );
  return parts.join("; ");
}
