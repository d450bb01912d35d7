import { createHash } from "node:crypto";
import type { SecretCreateSpec, ServiceSpec } from "@/lib/compose";

/**
 * Swarm secrets and configs are immutable, so each one is named after its content
 * ("<app>_<key>_<hash>"): a changed value gets a new object and services roll over to it.
 */
export function contentName(spec: SecretCreateSpec): string {
  return `${spec.Name}_${createHash("sha256").update(spec.Data).digest("hex").slice(0, 10)}`;
}

/** Compose name → created object (its id when known; the agent looks ids up by name otherwise). */
type Bound = Map<string, { name: string; id?: string }>;

/** The content names of a template's secrets or configs, without creating anything. */
export function contentNames(specs: SecretCreateSpec[]): Bound {
  return new Map(specs.map((spec) => [spec.Name, { name: contentName(spec) }]));
}

/** Points the service's secret and config references at the created objects (names and ids). */
export function bindDataObjects(spec: ServiceSpec, secrets: Bound, configs: Bound): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec as ServiceSpec["TaskTemplate"]["ContainerSpec"] & {
    Secrets?: Array<{ SecretName: string; SecretID?: string }>;
    Configs?: Array<{ ConfigName: string; ConfigID?: string }>;
  };
  const secretRefs = container.Secrets?.map((ref) => {
    const bound = secrets.get(ref.SecretName);
    return bound ? { ...ref, SecretName: bound.name, ...(bound.id ? { SecretID: bound.id } : {}) } : ref;
  });
  const configRefs = container.Configs?.map((ref) => {
    const bound = configs.get(ref.ConfigName);
    return bound ? { ...ref, ConfigName: bound.name, ...(bound.id ? { ConfigID: bound.id } : {}) } : ref;
  });
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: { ...container, ...(secretRefs ? { Secrets: secretRefs } : {}), ...(configRefs ? { Configs: configRefs } : {}) },
    },
  } as ServiceSpec;
}
