/**
 * The workload policy of a cluster: what the containers of its applications may do to the machines
 * they run on. Checked twice (STYLE.md, "Policy is checked twice"): by the compose compiler, as
 * located errors in the preview, and by the agent before it calls the engine, because the agent
 * trusts no sender. zod only, so the agent, the control plane and the console share it.
 *
 * Strict by default: no bind mounts, no engine socket, no added capabilities or sysctls, no host
 * network or namespaces, no privileged containers or devices, no host ports below 1024, no volume
 * driver options that mount host paths. Only an organisation's owner relaxes it, per cluster; the
 * cluster whose machine runs the control plane itself is always strict.
 */
import { z } from "zod";
import { isUnderPath, normalizeCapability, normalizeHostPath, normalizeSysctlName, sysctlMatches } from "./workload-policy-names";

const MAX_ENTRIES = 32;

const hostPathSchema = z
  .string()
  .max(1024)
  .transform((value, ctx) => {
    const path = normalizeHostPath(value.trim());
    if (path === null) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not an absolute host path such as /srv/data` });
      return z.NEVER;
    }
    return path;
  });

const capabilitySchema = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const cap = normalizeCapability(value);
    if (cap === null) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a Linux capability name such as NET_ADMIN (or ALL)` });
      return z.NEVER;
    }
    return cap;
  });

const sysctlSchema = z
  .string()
  .max(128)
  .transform((value, ctx) => {
    const name = normalizeSysctlName(value.trim().replace(/\.\*$/, ""));
    if (name === null) {
      ctx.addIssue({
        code: "custom",
        message: `"${value}" is not a sysctl name prefix such as net.core.somaxconn or net.ipv4 (or * for all)`,
      });
      return z.NEVER;
    }
    return name;
  });

const unique = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .array(item)
    .max(MAX_ENTRIES)
    .default([])
    .transform((values) => [...new Set(values)].sort());

export const workloadPolicySchema = z.strictObject({
  /** Host path prefixes bind mounts may use (matched per path segment); empty: no bind mounts. */
  bindMountPaths: unique(hostPathSchema),
  /** The container engine's sockets and state (Docker, containerd...): root on the node. */
  dockerSocket: z.boolean().default(false),
  /** Capabilities cap_add may grant, without the CAP_ prefix; ALL allows every one. */
  capabilities: unique(capabilitySchema),
  /** Sysctl name prefixes (per dotted segment) services may set; * allows every one. */
  sysctls: unique(sysctlSchema),
  /** The host's network stack (the engine's `host` network, network_mode: host). */
  hostNetwork: z.boolean().default(false),
  /** The host's PID, IPC, UTS, user or cgroup namespace, or a chosen host cgroup. */
  hostNamespaces: z.boolean().default(false),
  /** Privileged containers and disabled confinement (seccomp/AppArmor unconfined, label disable). */
  privileged: z.boolean().default(false),
  /** Host devices mapped into containers. */
  devices: z.boolean().default(false),
  /** Host ports below 1024 published by services. */
  privilegedPorts: z.boolean().default(false),
  /** Volume driver options that bind or mount host paths or devices (`type: none`, `o: bind`, `device: /dev/sda1`). */
  volumeHostPaths: z.boolean().default(false),
});

export type WorkloadPolicy = z.output<typeof workloadPolicySchema>;
export type WorkloadPolicyInput = z.input<typeof workloadPolicySchema>;
export type PolicyRule = keyof WorkloadPolicy;

/** Nothing that reaches the host: the default, and always the policy of the control-plane host. */
export const STRICT_POLICY: WorkloadPolicy = Object.freeze(workloadPolicySchema.parse({}));

/**
 * Everything allowed. Only the agent's `--workload-policy cluster` ceiling uses it: intersected
 * with the cluster's policy it leaves that policy unchanged. Never store it as a cluster's policy.
 */
export const UNRESTRICTED_POLICY: WorkloadPolicy = Object.freeze({
  bindMountPaths: ["/"],
  dockerSocket: true,
  capabilities: ["ALL"],
  sysctls: ["*"],
  hostNetwork: true,
  hostNamespaces: true,
  privileged: true,
  devices: true,
  privilegedPorts: true,
  volumeHostPaths: true,
});

/** What each rule is called in messages and in the console, in display order. */
export const POLICY_RULES: readonly { rule: PolicyRule; label: string; description: string }[] = [
  {
    rule: "bindMountPaths",
    label: "Bind mounts of host paths",
    description: "Host directories services may bind-mount, matched by path segment (/srv allows /srv/app, not /srvx).",
  },
  {
    rule: "dockerSocket",
    label: "Docker socket",
    description:
      "The container engine's sockets and state directories (/var/run/docker.sock, /run/containerd…). Whoever reaches them is root on the machine.",
  },
  {
    rule: "capabilities",
    label: "Added capabilities",
    description: "Linux capabilities cap_add may grant (NET_ADMIN, SYS_ADMIN… or ALL).",
  },
  { rule: "sysctls", label: "Sysctls", description: "Kernel parameter prefixes services may set (net.core.somaxconn, net.ipv4… or *)." },
  { rule: "hostNetwork", label: "Host network", description: "Joining the machine's own network stack (the engine's host network)." },
  { rule: "hostNamespaces", label: "Host namespaces", description: "Sharing the machine's PID, IPC, UTS, user or cgroup namespace." },
  {
    rule: "privileged",
    label: "Privileged containers",
    description: "privileged: true, or seccomp/AppArmor/SELinux confinement turned off.",
  },
  { rule: "devices", label: "Host devices", description: "Mapping host devices (/dev/…) into containers." },
  { rule: "privilegedPorts", label: "Host ports below 1024", description: "Publishing ports such as 80 or 443 on the machines." },
  {
    rule: "volumeHostPaths",
    label: "Volume options that mount host paths",
    description: "Named volumes whose driver options bind or mount host paths or devices (type: none, o: bind, device: /dev/sda1).",
  },
];

export function ruleLabel(rule: PolicyRule): string {
  return POLICY_RULES.find((r) => r.rule === rule)?.label ?? rule;
}

/** The policy that applies to a cluster: the stored one, unless the cluster is the control-plane host. Unreadable data fails closed. */
export function effectivePolicy(stored: unknown, { controlPlaneHost }: { controlPlaneHost: boolean }): WorkloadPolicy {
  if (controlPlaneHost || stored === null || stored === undefined) return STRICT_POLICY;
  const parsed = workloadPolicySchema.safeParse(stored);
  return parsed.success ? parsed.data : STRICT_POLICY;
}

export function isStrictPolicy(policy: WorkloadPolicy): boolean {
  return relaxedRules(policy).length === 0;
}

/** The rules this policy relaxes compared with the strict one, in display order. */
export function relaxedRules(policy: WorkloadPolicy): PolicyRule[] {
  return POLICY_RULES.map((r) => r.rule).filter((rule) => {
    const value = policy[rule];
    return Array.isArray(value) ? value.length > 0 : value === true;
  });
}

/** The rules under which `next` allows something `current` does not (the console asks for confirmation then). */
export function newlyAllowed(current: WorkloadPolicy, next: WorkloadPolicy): PolicyRule[] {
  const kept = intersectPolicies(current, next);
  const wanted = intersectPolicies(next, next);
  return POLICY_RULES.map((r) => r.rule).filter((rule) => JSON.stringify(kept[rule]) !== JSON.stringify(wanted[rule]));
}

/** Entries of `a` that `b` also allows, and the other way round: prefix lists meet at the narrower prefix. */
function meet(a: readonly string[], b: readonly string[], covers: (allowed: string, value: string) => boolean): string[] {
  const out = new Set<string>();
  for (const x of a) if (b.some((y) => covers(y, x))) out.add(x);
  for (const y of b) if (a.some((x) => covers(x, y))) out.add(y);
  return [...out].sort();
}

function meetCapabilities(a: readonly string[], b: readonly string[]): string[] {
  if (a.includes("ALL")) return [...b];
  if (b.includes("ALL")) return [...a];
  return a.filter((cap) => b.includes(cap));
}

/** Everything both policies allow: the agent enforces intersect(cluster policy, its local ceiling). */
export function intersectPolicies(a: WorkloadPolicy, b: WorkloadPolicy): WorkloadPolicy {
  return {
    bindMountPaths: meet(a.bindMountPaths, b.bindMountPaths, (allowed, path) => isUnderPath(path, allowed)),
    dockerSocket: a.dockerSocket && b.dockerSocket,
    capabilities: meetCapabilities(a.capabilities, b.capabilities).sort(),
    sysctls: meet(a.sysctls, b.sysctls, (allowed, name) => sysctlMatches(allowed, name)),
    hostNetwork: a.hostNetwork && b.hostNetwork,
    hostNamespaces: a.hostNamespaces && b.hostNamespaces,
    privileged: a.privileged && b.privileged,
    devices: a.devices && b.devices,
    privilegedPorts: a.privilegedPorts && b.privilegedPorts,
    volumeHostPaths: a.volumeHostPaths && b.volumeHostPaths,
  };
}
