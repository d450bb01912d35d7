import { checkCompiledSize } from "./compiled-size";
import type { ClusterLoadBalancer, ServiceExtensions, SchedulingStrategy } from "./extensions";
import { checkServiceSpec } from "@/lib/protocol/service-spec-policy";
import { STRICT_POLICY, type WorkloadPolicy } from "@/lib/protocol/workload-policy";
import { checkPolicy } from "./check-policy";
import { trafficPorts } from "./traffic-ports";
import { interpolate } from "./interpolate";
import { formatPath, IssueList } from "./issue-list";
import { parseLabels } from "./labels";
import { normalize } from "./normalize";
import { parseCompose } from "./parse-compose";
import { isRecord } from "./plain";
import { serviceFullName } from "./resource-names";
import type { ComposeApp } from "./schema-compose";
import type { PlacementPlan } from "./scheduling";
import { startOrder } from "./start-order";
import type { NetworkCreateSpec, SecretCreateSpec, ServiceSpec, VolumeCreateSpec } from "./swarm-types";
import { toDataSpecs, toNetworkSpecs, toVolumeSpecs } from "./to-app-specs";
import { toSwarmSpec } from "./to-swarm-spec";
import type { Issue } from "./types";
import { validate } from "./validate";
import { checkServiceName } from "./valid-names";

export type { ComposeApp, ComposeFormat } from "./schema-compose";
export type { ComposeService } from "./schema-service";
export type * from "./extensions";
export type * from "./swarm-types";
export type { Issue, IssueCode, Path, Position, Severity } from "./types";
export type { PlacementPlan } from "./scheduling";
export { buildPlacement, chooseBinpackNode, chooseSpreadNode, nodeMatchesRule, placeReplicas } from "./scheduling";
export type { ChooseNodeResult, NodeCapacity, NodeRequest } from "./scheduling";
export { imageAffinityLabel, imageRepository, pinLabel, serviceAffinityLabel } from "./affinity-labels";
export { parseCompose } from "./parse-compose";
export { interpolate, interpolateString } from "./interpolate";
export { normalize } from "./normalize";
export { validate } from "./validate";
export { parseLabels } from "./labels";
export { startOrder } from "./start-order";
export { toSwarmSpec } from "./to-swarm-spec";
export { trafficPorts } from "./traffic-ports";
export { describeLb, findClusterLb } from "./traffic-labels";
export { toDataSpecs, toNetworkSpecs, toVolumeSpecs } from "./to-app-specs";

export interface ComposeDefaults {
  /** Scheduling strategy for services without `wharf.scheduling.strategy` (default spread). */
  strategy?: SchedulingStrategy;
  /** Node label to spread replicas over, e.g. "node.labels.zone". */
  spreadDescriptor?: string;
  /**
   * The cluster's effective workload policy (lib/protocol/workload-policy.ts): what the services may
   * do to the machines (bind mounts, capabilities, host network, low ports…). Absent: strict.
   */
  policy?: WorkloadPolicy;
  /**
   * The target cluster's load balancers. Given, an `lb.port_*` naming a balancer the cluster does not
   * have, or a `routing.port_*` in a cluster without a routing balancer, is a located error.
   */
  loadBalancers?: readonly ClusterLoadBalancer[];
  /** The installation's longest log retention (LOG_TTL_MAX_DAYS): a longer `log_ttl_*` is lowered to it with a located warning. */
  logTtlMaxDays?: number;
  maxBytes?: number;
  maxAliasCount?: number;
  maxDepth?: number;
}

export interface LoadComposeInput {
  text: string;
  /** Deploy variables for ${VAR} interpolation and secrets. */
  env?: Record<string, string>;
  appName: string;
  orgSlug: string;
  release?: string;
  defaults?: ComposeDefaults;
}

export interface LoadedService {
  name: string;
  /** Swarm service name, `<app>_<service>`, or the name an adopted service already had (`wharf.adopted`). */
  fullName: string;
  spec: ServiceSpec;
  extensions: ServiceExtensions;
  pinning: PlacementPlan["pinning"];
  warnings: Issue[];
}

export type LoadComposeResult =
  | {
      ok: true;
      app: ComposeApp;
      /** In start order. */
      services: LoadedService[];
      /** Batches of services that may start together, dependencies first. */
      startOrder: string[][];
      networks: NetworkCreateSpec[];
      volumes: VolumeCreateSpec[];
      secrets: SecretCreateSpec[];
      configs: SecretCreateSpec[];
      warnings: Issue[];
      /** Things worth knowing that are neither wrong nor risky (severity "info"), e.g. a published port the traffic layer ignores. */
      notes: Issue[];
      /** The workload policy the file was checked against; send it with every service.apply. */
      policy: WorkloadPolicy;
    }
  | { ok: false; errors: Issue[]; warnings: Issue[] };

function inputIssue(path: string, message: string): Issue {
  return { severity: "error", code: "invalid", path, message };
}

function checkInput(input: LoadComposeInput): Issue[] {
  const issues: Issue[] = [];
  const appProblem = typeof input.appName === "string" ? checkServiceName(input.appName, "app name") : "app name must be a string";
  if (appProblem) issues.push(inputIssue("", appProblem));
  if (typeof input.orgSlug !== "string" || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.orgSlug)) {
    issues.push(inputIssue("", "organization slug must be lowercase letters, digits and -"));
  }
  if (typeof input.text !== "string") issues.push(inputIssue("", "the compose file must be text"));
  if (input.env !== undefined && (!isRecord(input.env) || Object.values(input.env).some((value) => typeof value !== "string"))) {
    issues.push(inputIssue("", "deploy variables must map names to strings"));
  }
  return issues;
}

/** Whether a formatted path is `prefix` itself or lies under it (`prefix.key`, `prefix[0]`). */
function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

function belongsTo(issue: Issue, service: string): boolean {
  return isUnder(issue.path, formatPath(["services", service]));
}

/**
 * Parses, interpolates, normalises and validates a compose file, reads its extension labels and
 * produces Swarm specs for every service, network, volume, secret and config. Collects as many
 * problems as it can in one pass; never throws on user input.
 */
export function loadCompose(input: LoadComposeInput): LoadComposeResult {
  try {
    return load(input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ severity: "error", code: "internal", path: "", message: `internal error while reading the compose file: ${message}` }],
      warnings: [],
    };
  }
}

function load(input: LoadComposeInput): LoadComposeResult {
  const inputProblems = checkInput(input);
  if (inputProblems.length > 0) return { ok: false, errors: inputProblems, warnings: [] };
  const env = input.env ?? {};
  const defaults = input.defaults ?? {};
  const parsed = parseCompose(input.text, {
    maxBytes: defaults.maxBytes,
    maxAliasCount: defaults.maxAliasCount,
    maxDepth: defaults.maxDepth,
  });
  if (!parsed.ok) return { ok: false, errors: parsed.errors, warnings: [] };
  const locate = parsed.sourceMap.locator;

  const issues: Issue[] = [];
  const interpolated = interpolate({ value: parsed.value, env, locate });
  issues.push(...interpolated.issues);
  // past the output cap the rest is left uninterpolated: validating it would only add noise
  if (interpolated.issues.some((issue) => issue.code === "limit"))
    return { ok: false, errors: interpolated.issues.filter((i) => i.severity === "error"), warnings: [] };
  const policy = defaults.policy ?? STRICT_POLICY;
  const normalized = normalize({ value: interpolated.value, env, sourceMap: parsed.sourceMap, policy });
  issues.push(...normalized.issues);
  const validated = validate({ doc: normalized.doc, format: normalized.format, locate });
  // A value whose interpolation failed still holds "${...}"; reporting it again as a bad image
  // or port would only repeat the same problem in vaguer words.
  const broken = interpolated.issues.filter((issue) => issue.severity === "error").map((issue) => issue.path);
  const repeats = (issue: Issue) => broken.some((path) => isUnder(issue.path, path));
  issues.push(...validated.issues.filter((issue) => !repeats(issue)));
  const app = validated.app;
  const fail = () => ({
    ok: false as const,
    errors: issues.filter((i) => i.severity === "error"),
    warnings: issues.filter((i) => i.severity === "warning"),
  });
  if (!app) return fail();

  if (app.name !== undefined && app.name !== input.appName) {
    const own = new IssueList(locate);
    own.warn("conflict", ["name"], `name "${app.name}" is ignored: the application is deployed as "${input.appName}"`);
    issues.push(...own.items);
  }
  const extensions: Record<string, ServiceExtensions> = {};
  for (const [name, service] of Object.entries(app.services)) {
    const labels = parseLabels({
      serviceName: name,
      service,
      locate,
      loadBalancers: defaults.loadBalancers,
      logTtlMaxDays: defaults.logTtlMaxDays,
    });
    const fullName = labels.extensions.adopted ?? serviceFullName(input.appName, name);
    if (fullName.length > 63) {
      const own = new IssueList(locate);
      own.error(
        "invalid",
        ["services", name],
        `the Swarm service name "${fullName}" is longer than 63 characters; shorten the app or service name`,
        "key",
      );
      issues.push(...own.items);
    }
    extensions[name] = labels.extensions;
    issues.push(...labels.issues);
  }
  // After the labels: a port bound to a load balancer is published on an engine-chosen port, so the
  // number the template wrote for it is not the policy's concern.
  issues.push(
    ...checkPolicy({
      app,
      doc: normalized.doc,
      policy,
      locate,
      trafficPorts: Object.fromEntries(Object.entries(extensions).map(([n, e]) => [n, trafficPorts(e)])),
    }),
  );
  const order = startOrder(app, extensions, locate);
  issues.push(...order.issues);
  const identity = { appName: input.appName, orgSlug: input.orgSlug, release: input.release };
  const data = toDataSpecs({ app, env, locate, ...identity });
  issues.push(...data.issues);
  if (!order.ok || issues.some((issue) => issue.severity === "error")) return fail();

  const warnings = issues.filter((issue) => issue.severity === "warning");
  const services = order.order.map((name): LoadedService => {
    const ext = extensions[name];
    if (!ext) throw new Error(`no extensions for service ${name}`);
    const { spec, plan } = toSwarmSpec({
      app,
      serviceName: name,
      extensions: ext,
      ...identity,
      defaultStrategy: defaults.strategy,
      spreadDescriptor: defaults.spreadDescriptor,
    });
    return {
      name,
      fullName: spec.Name,
      spec,
      extensions: ext,
      pinning: plan.pinning,
      warnings: warnings.filter((w) => belongsTo(w, name)),
    };
  });
  const networks = toNetworkSpecs({ app, ...identity });
  const volumes = toVolumeSpecs({ app, ...identity });
  const tooLarge = checkCompiledSize({ services, networks, volumes, secrets: data.secrets, configs: data.configs, locate });
  if (tooLarge.length > 0) return { ok: false, errors: tooLarge, warnings };
  const refused = services.flatMap((service) => specIssues(service, policy));
  if (refused.length > 0) return { ok: false, errors: refused, warnings };
  const notes = issues.filter((issue) => issue.severity === "info");
  return {
    ok: true,
    app,
    services,
    startOrder: order.levels,
    networks,
    volumes,
    secrets: data.secrets,
    configs: data.configs,
    warnings,
    notes,
    policy,
  };
}

/**
 * The agent's own check of the spec built for a service, as a last line behind the located checks:
 * whatever slips past them is still refused here rather than by the agent at deploy time. A spec
 * of the wrong shape is a bug in the compiler, not in the file.
 */
function specIssues(service: LoadedService, policy: WorkloadPolicy): Issue[] {
  const check = checkServiceSpec(service.spec, policy);
  const path = formatPath(["services", service.name]);
  return check.violations.map((v) => ({
    severity: "error",
    code: check.ok ? "policy" : "internal",
    path,
    message: `${v.message} (${v.path})`,
  }));
}
