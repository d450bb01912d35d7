/**
 * The agent's half of the workload policy (STYLE.md: "Policy is checked twice"). Before
 * service.apply touches the engine, the spec must be one Wharf produces (a strict schema: no
 * Privileges, no Devices, no unknown field anywhere) and must keep within
 * intersect(the cluster's policy sent with the command — strict when absent, this agent's
 * --workload-policy ceiling). The agent trusts no sender: a control plane, a Redis writer or a
 * replayed command get the same answer.
 *
 * Beyond the pure checks (lib/protocol/service-spec-policy.ts) it asks the engine what only the
 * engine knows: which network a Target names (the host network may be named by ID or ID prefix),
 * and which driver options an existing volume was created with (a volume made under an earlier,
 * looser policy must not be reused once the policy is strict). Those lookups see this node only.
 */
import type { ServiceSpec } from "@/lib/protocol/service-spec";
import { checkServiceSpec, type PolicyViolation } from "@/lib/protocol/service-spec-policy";
import { intersectPolicies, STRICT_POLICY, UNRESTRICTED_POLICY, type WorkloadPolicy } from "@/lib/protocol/workload-policy";
import { driverOptionsProblem } from "@/lib/protocol/workload-policy-rules";
import { CommandError } from "./command-error";
import type { CommandContext } from "./types";

const MAX_REPORTED = 5;
const HOST_DRIVER = "host";

/** The policy this agent enforces for a command that carried `received` (or none). */
export function enforcedPolicy(received: WorkloadPolicy | undefined, ceiling: WorkloadPolicy | undefined): WorkloadPolicy {
  return intersectPolicies(received ?? STRICT_POLICY, ceiling ?? UNRESTRICTED_POLICY);
}

async function networkViolations(spec: ServiceSpec, policy: WorkloadPolicy, context: CommandContext): Promise<PolicyViolation[]> {
  const targets = spec.TaskTemplate.Networks ?? [];
  if (policy.hostNetwork || targets.length === 0) return [];
  const networks = await context.docker.listNetworks({ signal: context.signal });
  const out: PolicyViolation[] = [];
  targets.forEach((attachment, index) => {
    const target = attachment.Target;
    // The engine resolves a Target by full ID, then name, then ID prefix: any of them may be the host network.
    const host = networks.find((n) => n.Driver === HOST_DRIVER && (n.Id === target || n.Name === target || n.Id.startsWith(target)));
    if (host && target !== "host") {
      out.push({
        rule: "hostNetwork",
        path: `TaskTemplate.Networks.${index}.Target`,
        message: `network ${target} is the engine's host network (${host.Name}): joining the host network is not allowed by this cluster's workload policy`,
      });
    }
  });
  return out;
}

async function volumeViolations(spec: ServiceSpec, policy: WorkloadPolicy, context: CommandContext): Promise<PolicyViolation[]> {
  if (policy.volumeHostPaths) return [];
  const out: PolicyViolation[] = [];
  const mounts = spec.TaskTemplate.ContainerSpec.Mounts ?? [];
  for (const [index, mount] of mounts.entries()) {
    if (mount.Type !== "volume" || !mount.Source) continue;
    const existing = await context.docker.inspectVolume({ name: mount.Source, signal: context.signal });
    const problem = existing ? driverOptionsProblem(existing.Driver, existing.Options, policy) : null;
    if (problem)
      out.push({
        rule: problem.rule,
        path: `TaskTemplate.ContainerSpec.Mounts.${index}.Source`,
        message: `volume ${mount.Source} exists on this node with options the policy forbids: ${problem.message}`,
      });
  }
  return out;
}

function describe(violations: PolicyViolation[], ceilingOnly: boolean): string {
  const shown = violations.slice(0, MAX_REPORTED).map((v) => v.message);
  const more = violations.length > MAX_REPORTED ? `; and ${violations.length - MAX_REPORTED} more` : "";
  const ceiling = ceilingOnly ? " (the cluster's policy allows it, but the agent on this machine runs with --workload-policy strict)" : "";
  return `${shown.join("; ")}${more}${ceiling}`;
}

/**
 * Throws POLICY_VIOLATION naming every broken rule, or returns the parsed spec. Called first in
 * service.apply: nothing is created or changed when it throws.
 */
export async function enforceServicePolicy(
  spec: unknown,
  received: WorkloadPolicy | undefined,
  context: CommandContext,
): Promise<ServiceSpec> {
  const policy = enforcedPolicy(received, context.policyCeiling);
  const check = checkServiceSpec(spec, policy);
  if (!check.ok) throw new CommandError("POLICY_VIOLATION", describe(check.violations, false));
  const violations = [
    ...check.violations,
    ...(await networkViolations(check.spec, policy, context)),
    ...(await volumeViolations(check.spec, policy, context)),
  ];
  if (violations.length === 0) return check.spec;
  // Say so when only this agent's ceiling refuses: an owner relaxing the cluster would not help.
  const cluster = received ?? STRICT_POLICY;
  const byCluster =
    checkServiceSpec(spec, cluster).violations.length > 0 ||
    violations.some(
      (v) => (v.rule === "hostNetwork" && !cluster.hostNetwork) || (v.rule === "volumeHostPaths" && !cluster.volumeHostPaths),
    );
  context.log.warn("service spec refused by the workload policy", {
    service: check.spec.Name,
    rules: [...new Set(violations.map((v) => v.rule))],
  });
  throw new CommandError("POLICY_VIOLATION", describe(violations, !byCluster));
}

/** network.ensure creates overlay networks only: Wharf never asks for another driver, and bridge/macvlan/ipvlan networks reach the host's own network. */
export function enforceNetworkDriver(driver: string): void {
  if (driver !== "overlay") {
    throw new CommandError(
      "POLICY_VIOLATION",
      `network driver "${driver}" is not allowed: Wharf creates overlay networks only, and other drivers attach containers to the machine's own network`,
    );
  }
}
