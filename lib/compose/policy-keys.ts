import { ruleLabel, type PolicyRule, type WorkloadPolicy } from "@/lib/protocol/workload-policy";
import type { IssueList } from "./issue-list";
import { hasOwn, type PlainObject } from "./plain";
import type { PathSegment } from "./types";

// Service keys that ask for host access but that Swarm cannot honour, so normalize drops them with
// a "Swarm cannot…" warning (key-rules.ts). Dropping is not enough when the policy forbids what
// they ask: a file that asks for `privileged: true` on a strict cluster is refused with a located
// policy error instead, so its author learns the cluster would never grant it. Where the policy
// allows the rule, the key is left for the usual warning.

type Ask = { at: PathSegment[]; what: string };

const FALSE_TEXT = /^(false|no|off|0|)$/i;
const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && !(typeof value === "string" && FALSE_TEXT.test(value.trim()));
const isHost = (value: unknown) => typeof value === "string" && value.trim().toLowerCase() === "host";

function items(value: unknown): [PathSegment, unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  if (value !== null && typeof value === "object") return Object.entries(value);
  return value === undefined || value === null ? [] : [[-1, value]];
}

const namespaceKey =
  (key: string, what: string) =>
  (value: unknown): Ask[] =>
    isHost(value) ? [{ at: [], what: `${key}: host shares the host's ${what}` }] : [];

const HOST_ACCESS: Record<string, { rule: PolicyRule; asks: (value: unknown) => Ask[] }> = {
  privileged: {
    rule: "privileged",
    asks: (v) => (truthy(v) ? [{ at: [], what: "privileged containers get every capability and every host device" }] : []),
  },
  security_opt: {
    rule: "privileged",
    asks: (v) =>
      items(v)
        .filter(([, item]) => typeof item === "string" && /unconfined|disable/i.test(item))
        .map(([index, item]) => ({ at: index === -1 ? [] : [index], what: `security_opt ${String(item)} turns confinement off` })),
  },
  pid: { rule: "hostNamespaces", asks: namespaceKey("pid", "process namespace") },
  ipc: { rule: "hostNamespaces", asks: namespaceKey("ipc", "IPC namespace") },
  uts: { rule: "hostNamespaces", asks: namespaceKey("uts", "host name namespace") },
  userns_mode: { rule: "hostNamespaces", asks: namespaceKey("userns_mode", "user namespace") },
  cgroup: { rule: "hostNamespaces", asks: namespaceKey("cgroup", "cgroup namespace") },
  cgroup_parent: {
    rule: "hostNamespaces",
    asks: (v) => (truthy(v) ? [{ at: [], what: `cgroup_parent places containers in a host cgroup of the file's choosing` }] : []),
  },
  network_mode: {
    rule: "hostNetwork",
    asks: (v) => (isHost(v) ? [{ at: [], what: "network_mode: host joins the host's network stack" }] : []),
  },
  devices: {
    rule: "devices",
    asks: (v) =>
      items(v).map(([index, item]) => ({
        at: index === -1 ? [] : [index],
        what: `devices maps the host device ${typeof item === "string" ? item.split(":")[0] : "given"} into the container`,
      })),
  },
  device_cgroup_rules: {
    rule: "devices",
    asks: (v) => items(v).map(([index]) => ({ at: index === -1 ? [] : [index], what: "device_cgroup_rules give access to host devices" })),
  },
  use_api_socket: {
    rule: "dockerSocket",
    asks: (v) => (truthy(v) ? [{ at: [], what: "use_api_socket hands the container the Docker API" }] : []),
  },
};

function allows(policy: WorkloadPolicy, rule: PolicyRule): boolean {
  const value = policy[rule];
  return Array.isArray(value) ? value.length > 0 : value === true;
}

/** Refuses (and removes) the host-access keys of one service that `policy` forbids; others are left to key-rules. */
export function checkHostAccessKeys(service: PlainObject, path: PathSegment[], policy: WorkloadPolicy, issues: IssueList): void {
  for (const [key, { rule, asks }] of Object.entries(HOST_ACCESS)) {
    if (!hasOwn(service, key) || allows(policy, rule)) continue;
    const found = asks(service[key]);
    for (const ask of found) {
      issues.error(
        "policy",
        [...path, key, ...ask.at],
        `${ask.what}: not allowed by this cluster's workload policy (${ruleLabel(rule)})`,
        ask.at.length === 0 ? "key" : "value",
      );
    }
    if (found.length > 0) delete service[key];
  }
}
