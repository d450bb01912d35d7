import { findClusterLb, type ClusterLoadBalancer, type ServiceSpec } from "@/lib/compose";
import type { DeployPlan } from "@/lib/schemas/applications";
import { expandRouteHost } from "../traffic/routing-domain";
import type { ComposeIssue } from "@/lib/schemas/applications";
import type { CompiledTemplate } from "./compile-template";
import { issueView } from "./compile-template";
import { specImage, specMode, specPlacement, specPorts } from "./service-facts";
import { storeTtlDays } from "../logs/sync-log-stores";

type ExistingService = { name: string; spec: unknown };

/** The target cluster's traffic facts (compileForOrg loads them): its balancers and routing domain. */
export type ClusterTraffic = { loadBalancers: ClusterLoadBalancer[]; routingDomain: string };

/** Names of the top-level spec fields that differ, for the preview ("image", "replicas", "env"...). */
function changedFields(before: ServiceSpec, after: ServiceSpec): string[] {
  const changes: string[] = [];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  if (specImage(before) !== specImage(after)) changes.push("image");
  if (JSON.stringify(specMode(before)) !== JSON.stringify(specMode(after))) changes.push("replicas");
  if (JSON.stringify(specPorts(before)) !== JSON.stringify(specPorts(after))) changes.push("ports");
  const bt = (b.TaskTemplate ?? {}) as Record<string, unknown>;
  const at = (a.TaskTemplate ?? {}) as Record<string, unknown>;
  const bc = (bt.ContainerSpec ?? {}) as Record<string, unknown>;
  const ac = (at.ContainerSpec ?? {}) as Record<string, unknown>;
  for (const key of ["Env", "Command", "Args", "Mounts", "Healthcheck", "Secrets", "Configs"]) {
    if (JSON.stringify(bc[key]) !== JSON.stringify(ac[key])) changes.push(key.toLowerCase());
  }
  for (const key of ["Resources", "RestartPolicy", "Placement", "Networks"]) {
    if (JSON.stringify(bt[key]) !== JSON.stringify(at[key])) changes.push(key.toLowerCase());
  }
  for (const key of ["Labels", "UpdateConfig", "RollbackConfig"]) {
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) changes.push(key === "Labels" ? "labels" : key === "UpdateConfig" ? "update config" : "rollback config");
  }
  return changes;
}

/**
 * What deploying a compiled template changes, compared with the services the application has now:
 * services, networks, volumes, secrets and configs to create, update or remove, load-balancer
 * bindings, autoscaling rules and log stores, and every warning (the template's own, then what the
 * cluster and the registry said: cluster-warnings.ts).
 */
export function planDeployment({ compiled, existing, traffic, clusterWarnings = [] }: { compiled: CompiledTemplate; existing: ExistingService[]; traffic?: ClusterTraffic; clusterWarnings?: ComposeIssue[] }): DeployPlan {
  const before = new Map(existing.map((s) => [s.name, s.spec as ServiceSpec]));
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
    };
  });
  for (const [name, spec] of before) {
    if (!compiled.services.some((s) => s.name === name)) {
      services.push({ name, swarmName: (spec as { Name?: string }).Name ?? name, action: "remove", changes: [], image: specImage(spec), ...specMode(spec), ports: specPorts(spec), placement: [] });
    }
  }
  const fresh = existing.length === 0;
  return {
    services,
    networks: compiled.networks.map((n) => ({ name: n.Name, action: fresh ? "create" : "unchanged" })),
    volumes: compiled.volumes.map((v) => ({ name: v.Name, driver: v.Driver, action: fresh ? "create" : "unchanged" })),
    secrets: compiled.secrets.map((x) => ({ name: x.Name, action: fresh ? "create" : "update" })),
    configs: compiled.configs.map((x) => ({ name: x.Name, action: fresh ? "create" : "update" })),
    ...trafficPlan(compiled, traffic),
    autoscaling: compiled.services.flatMap((s) => (s.extensions.autoScaling ? [{ service: s.name, rule: describeAutoScaling(s.extensions.autoScaling) }] : [])),
    logStores: compiled.services.flatMap((s) => s.extensions.logs.stores.map((l) => ({ service: s.name, name: l.name, source: l.source.kind === "stdout" ? "stdout" : l.source.path, ttlDays: storeTtlDays(l) }))),
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
        service: s.name, port: b.containerPort, target: `${b.scheme}://${b.lbName}:${b.frontPort}`,
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
  parts.push(`averaged over ${rule.windowSeconds} s, ${checks}, cooldown ${rule.cooldownSeconds} s out / ${rule.scaleInCooldownSeconds} s in`);
  return parts.join("; ");
}
