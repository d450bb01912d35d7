/**
 * Checks a ServiceSpec against a workload policy without any I/O: the strict shape first (fields
 * Wharf never produces are refused by name), then every rule the spec can express. The agent runs
 * it on each service.apply before touching the engine (and adds the engine lookups only it can do,
 * such as which network is the host network); the compiler runs it on what it built, as a last
 * line behind its located checks.
 */
import type { z } from "zod";
import { serviceSpecSchema, type ServiceSpec } from "./service-spec";
import type { PolicyRule, WorkloadPolicy } from "./workload-policy";
import {
  bindMountProblem,
  capabilityProblem,
  driverOptionsProblem,
  normalizeHostPath,
  publishedPortProblem,
  sysctlProblem,
} from "./workload-policy-rules";

/** rule "spec": the spec has a field or value Wharf never produces. */
export type PolicyViolation = { rule: PolicyRule | "spec"; path: string; message: string };

export type SpecCheck = { ok: true; spec: ServiceSpec; violations: PolicyViolation[] } | { ok: false; violations: PolicyViolation[] };

const HOST_NETWORK = "host";

function shapeViolations(error: z.ZodError): PolicyViolation[] {
  return error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const fields = issue.keys.map((key) => (path ? `${path}.${key}` : key)).join(", ");
      return {
        rule: "spec",
        path,
        message: `the service spec has ${issue.keys.length === 1 ? "a field" : "fields"} Wharf never produces (${fields}); refused`,
      };
    }
    return { rule: "spec", path, message: `the service spec is not one Wharf produces: ${path || "(root)"}: ${issue.message}` };
  });
}

function mountViolations(spec: ServiceSpec, policy: WorkloadPolicy): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  (spec.TaskTemplate.ContainerSpec.Mounts ?? []).forEach((mount, index) => {
    const path = `TaskTemplate.ContainerSpec.Mounts.${index}`;
    // A volume "named" by an absolute path would be a bind by another name.
    const bindLike = mount.Type === "bind" || (mount.Type === "volume" && (mount.Source ?? "").startsWith("/"));
    if (bindLike) {
      const source = mount.Source ?? "";
      const problem = bindMountProblem(source, policy);
      if (problem) out.push({ rule: problem.rule, path: `${path}.Source`, message: problem.message });
      else if (normalizeHostPath(source) !== source) {
        out.push({
          rule: "bindMountPaths",
          path: `${path}.Source`,
          message: `bind mount source "${source}" must be written as a normalised absolute path (${normalizeHostPath(source)})`,
        });
      }
    }
    const driver = mount.VolumeOptions?.DriverConfig;
    if (mount.Type === "volume" && driver?.Options) {
      const problem = driverOptionsProblem(driver.Name, driver.Options, policy);
      if (problem)
        out.push({
          rule: problem.rule,
          path: `${path}.VolumeOptions.DriverConfig.Options`,
          message: `${problem.message} (volume ${mount.Source ?? "(anonymous)"})`,
        });
    }
  });
  return out;
}

/** The rules a parsed spec breaks under `policy`; network targets are judged by name only here. */
export function specViolations(spec: ServiceSpec, policy: WorkloadPolicy): PolicyViolation[] {
  const container = spec.TaskTemplate.ContainerSpec;
  const out = mountViolations(spec, policy);
  (container.CapabilityAdd ?? []).forEach((cap, index) => {
    const problem = capabilityProblem(cap, policy);
    if (problem) out.push({ rule: problem.rule, path: `TaskTemplate.ContainerSpec.CapabilityAdd.${index}`, message: problem.message });
  });
  for (const name of Object.keys(container.Sysctls ?? {})) {
    const problem = sysctlProblem(name, policy);
    if (problem) out.push({ rule: problem.rule, path: `TaskTemplate.ContainerSpec.Sysctls.${name}`, message: problem.message });
  }
  (spec.EndpointSpec?.Ports ?? []).forEach((port, index) => {
    const problem = port.PublishedPort ? publishedPortProblem(port.PublishedPort, policy) : null;
    if (problem) out.push({ rule: problem.rule, path: `EndpointSpec.Ports.${index}.PublishedPort`, message: problem.message });
  });
  (spec.TaskTemplate.Networks ?? []).forEach((network, index) => {
    if (network.Target === HOST_NETWORK && !policy.hostNetwork) {
      out.push({
        rule: "hostNetwork",
        path: `TaskTemplate.Networks.${index}.Target`,
        message: "joining the host network is not allowed by this cluster's workload policy",
      });
    }
  });
  return out;
}

/** Parses `spec` strictly and lists every violation of `policy`. */
export function checkServiceSpec(spec: unknown, policy: WorkloadPolicy): SpecCheck {
  const parsed = serviceSpecSchema.safeParse(spec);
  if (!parsed.success) return { ok: false, violations: shapeViolations(parsed.error) };
  return { ok: true, spec: parsed.data, violations: specViolations(parsed.data, policy) };
}
