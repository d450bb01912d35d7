/**
 * The spec a run re-applies: the service as the current template compiles it, under its Swarm name,
 * with its secrets and configs bound to the content-named objects the running service already
 * uses (matched by their target file), since a run deploys nothing new. Pure.
 */
import type { ServiceSpec } from "@/lib/compose/swarm-types";

type Ref = { File?: { Name?: string }; SecretName?: string; ConfigName?: string };

function liveRefs(live: Record<string, unknown>, key: "Secrets" | "Configs"): Map<string, string> {
  const container = ((live.TaskTemplate as Record<string, unknown> | undefined)?.ContainerSpec ?? {}) as Record<string, unknown>;
  const refs = Array.isArray(container[key]) ? (container[key] as Ref[]) : [];
  return new Map(refs.map((r) => [r.File?.Name ?? "", (key === "Secrets" ? r.SecretName : r.ConfigName) ?? ""]));
}

export function rerunSpec(compiled: ServiceSpec, swarmName: string, live: Record<string, unknown>): ServiceSpec {
  const secrets = liveRefs(live, "Secrets");
  const configs = liveRefs(live, "Configs");
  const container = compiled.TaskTemplate.ContainerSpec;
  const spec = structuredClone({ ...compiled, Name: swarmName });
  const target = spec.TaskTemplate.ContainerSpec;
  if (container.Secrets)
    target.Secrets = container.Secrets.map(({ SecretID: _id, ...ref }) => ({
      ...ref,
      SecretName: secrets.get(ref.File.Name) || ref.SecretName,
    }));
  if (container.Configs)
    target.Configs = container.Configs.map(({ ConfigID: _id, ...ref }) => ({
      ...ref,
      ConfigName: configs.get(ref.File.Name) || ref.ConfigName,
    }));
  return spec;
}
