import type { CompiledTemplate } from "./compile-template";
import type { CurrentService } from "./deploy/deploy-steps";
import { keptSwarmName } from "./service-colour";
import { specMode } from "./service-facts";

type Row = { name: string; swarmName: string; spec: unknown; replicas: number | null };

/**
 * The service rows a compiled version leaves behind (syncServices writes them; the preview plans
 * with them, so it shows the replicas and names the deployment will use). A replica count the user
 * chose by scaling survives a new version unless the template itself changes it; a service a
 * release promoted keeps running as its other colour.
 */
export function nextServiceRows(
  existing: readonly Row[],
  compiled: CompiledTemplate,
  swarmNames?: ReadonlyMap<string, string>,
): CurrentService[] {
  const byName = new Map(existing.map((s) => [s.name, s]));
  return compiled.services.map((service) => {
    const old = byName.get(service.name);
    const wanted = specMode(service.spec).replicas;
    const keepScaled = old && specMode(old.spec).replicas === wanted && specMode(old.spec).mode === specMode(service.spec).mode;
    return {
      name: service.name,
      swarmName: swarmNames?.get(service.name) ?? keptSwarmName(service.fullName, old?.swarmName),
      replicas: keepScaled ? old.replicas : wanted,
    };
  });
}
