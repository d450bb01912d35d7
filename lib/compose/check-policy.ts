import { ruleLabel, type WorkloadPolicy } from "@/lib/protocol/workload-policy";
import {
  bindMountProblem,
  capabilityProblem,
  driverOptionsProblem,
  publishedPortProblem,
  sysctlProblem,
  type RuleProblem,
} from "@/lib/protocol/workload-policy-rules";
import { IssueList } from "./issue-list";
import { parsePortShort, parsePublished } from "./parse-ports";
import { isRecord, type PlainObject } from "./plain";
import type { ComposeApp } from "./schema-compose";
import type { ComposeService } from "./schema-service";
import { isTrafficPort, type TrafficPort } from "./traffic-ports";
import type { Issue, Locate, PathSegment } from "./types";

// The workload policy, checked on the validated application: every refusal is a located "policy"
// error pointing at what the author wrote. The raw (normalised) document supplies the positions
// the typed model no longer has: which port item a range came from, which sysctl list entry.
// Host-access keys Swarm drops anyway (privileged, pid: host…) are judged earlier, in
// policy-keys.ts, because normalize removes them.

export interface CheckPolicyOptions {
  app: ComposeApp;
  /** The normalised document validate read (not modified by it). */
  doc: PlainObject;
  policy: WorkloadPolicy;
  locate?: Locate;
  /**
   * Per service, the container ports bound to a load balancer or routing rule: published on an
   * engine-chosen port whatever number the template wrote, so that number is not judged.
   */
  trafficPorts?: Record<string, readonly TrafficPort[]>;
}

const HOST_NETWORK = "host";

function raw(doc: PlainObject, ...path: string[]): unknown {
  let current: unknown = doc;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function report(issues: IssueList, path: PathSegment[], problem: RuleProblem | null, at: "key" | "value" = "value"): void {
  if (problem) issues.error("policy", path, problem.message, at);
}

function checkMounts(name: string, service: ComposeService, doc: PlainObject, policy: WorkloadPolicy, issues: IssueList): void {
  const items = raw(doc, "services", name, "volumes");
  service.volumes.forEach((mount, index) => {
    if (mount.type !== "bind") return;
    const item = Array.isArray(items) ? items[index] : undefined;
    const at: PathSegment[] = ["services", name, "volumes", index, ...(isRecord(item) ? ["source"] : [])];
    report(issues, at, bindMountProblem(mount.source, policy));
  });
}

/** Published host ports of one `ports:` item as written (ranges expanded), except traffic ports; [] when it does not parse. */
function publishedPorts(item: unknown, traffic: readonly TrafficPort[]): number[] {
  if (typeof item === "string" || typeof item === "number") {
    const parsed = parsePortShort(item);
    return parsed.ok
      ? parsed.value.flatMap((port) => (port.published === undefined || isTrafficPort(traffic, port) ? [] : [port.published]))
      : [];
  }
  if (!isRecord(item) || item.published === undefined || item.published === "") return [];
  const published = item.published;
  if (typeof published !== "string" && typeof published !== "number") return [];
  const target = Number(item.target);
  const protocol = item.protocol === "udp" ? "udp" : "tcp";
  if (Number.isInteger(target) && isTrafficPort(traffic, { target, protocol })) return [];
  const parsed = parsePublished(published);
  return parsed.ok ? [parsed.value.start] : [];
}

function checkPorts(name: string, doc: PlainObject, policy: WorkloadPolicy, issues: IssueList, traffic: readonly TrafficPort[]): void {
  const items = raw(doc, "services", name, "ports");
  if (!Array.isArray(items)) return;
  items.forEach((item, index) => {
    const lowest = Math.min(...publishedPorts(item, traffic));
    if (!Number.isFinite(lowest)) return;
    report(issues, ["services", name, "ports", index, ...(isRecord(item) ? ["published"] : [])], publishedPortProblem(lowest, policy));
  });
}

function checkSysctls(name: string, service: ComposeService, doc: PlainObject, policy: WorkloadPolicy, issues: IssueList): void {
  const items = raw(doc, "services", name, "sysctls");
  for (const key of Object.keys(service.sysctls ?? {})) {
    const index = Array.isArray(items)
      ? items.findIndex((item) => typeof item === "string" && (item === key || item.startsWith(`${key}=`)))
      : -1;
    const at: PathSegment[] = ["services", name, "sysctls", index >= 0 ? index : key];
    report(issues, at, sysctlProblem(key, policy), index >= 0 ? "value" : "key");
  }
}

function checkServices(
  app: ComposeApp,
  doc: PlainObject,
  policy: WorkloadPolicy,
  issues: IssueList,
  traffic: Record<string, readonly TrafficPort[]>,
): void {
  for (const [name, service] of Object.entries(app.services)) {
    checkMounts(name, service, doc, policy, issues);
    (service.cap_add ?? []).forEach((cap, index) => report(issues, ["services", name, "cap_add", index], capabilityProblem(cap, policy)));
    checkSysctls(name, service, doc, policy, issues);
    checkPorts(name, doc, policy, issues, traffic[name] ?? []);
  }
}

/** Named volumes whose driver options would mount the node's own paths or devices. */
function checkVolumes(app: ComposeApp, policy: WorkloadPolicy, issues: IssueList): void {
  for (const [key, def] of Object.entries(app.volumes)) {
    const whole = driverOptionsProblem(def.driver, def.driver_opts, policy);
    if (!whole) continue;
    // Point at the first option that is a problem on its own (most are); else at driver_opts.
    const single = (option: string) => driverOptionsProblem(def.driver, { [option]: def.driver_opts[option] ?? "" }, policy);
    const culprit = Object.keys(def.driver_opts).find((option) => single(option) !== null);
    report(issues, ["volumes", key, "driver_opts", ...(culprit ? [culprit] : [])], (culprit ? single(culprit) : null) ?? whole);
  }
}

/** Networks that resolve to the engine's host network: an external `host`, or any key with `name: host`. */
function checkNetworks(app: ComposeApp, policy: WorkloadPolicy, issues: IssueList): void {
  if (policy.hostNetwork) return;
  for (const [key, def] of Object.entries(app.networks)) {
    const name = def.name ?? (def.external ? key : undefined);
    if (name !== HOST_NETWORK) continue;
    const message = `network "${key}" is the host network: joining the host's network stack is not allowed by this cluster's workload policy (${ruleLabel("hostNetwork")})`;
    issues.error(
      "policy",
      def.name !== undefined ? ["networks", key, "name"] : ["networks", key],
      message,
      def.name !== undefined ? "value" : "key",
    );
  }
}

/** Every way the validated application breaks `policy`, located. */
export function checkPolicy({ app, doc, policy, locate, trafficPorts = {} }: CheckPolicyOptions): Issue[] {
  const issues = new IssueList(locate);
  checkServices(app, doc, policy, issues, trafficPorts);
  checkVolumes(app, policy, issues);
  checkNetworks(app, policy, issues);
  return issues.items;
}
