import type { ServiceSpec } from "@/lib/compose/swarm-types";
import type { CompiledTemplate } from "../compile-template";
import { sendCommand } from "../../commands/send-command";
import { registryAuthFor } from "../../registry/registry-auth-for";
import { specImage, specMode, withReplicas } from "../service-facts";
import type { AppContext } from "./app-context";
import { keptSwarmName } from "../service-colour";
import { bindDataObjects, contentName } from "./bind-data-objects";
import { loadPlacementCluster, pinPlacement } from "./pin-placement";
import { waitConverged } from "./wait-converged";

/** A service applied under another name (a release's second colour), with its own replicas and labels. */
export type ServiceOverride = { swarmName: string; replicas: number | null; labels: Record<string, string> };

export type ApplyOptions = {
  /** Compose name → how to apply it instead (releases); other services are applied as compiled. */
  overrides?: ReadonlyMap<string, ServiceOverride>;
  /** Swarm services of the application that are not stale although the template does not name them (the other colour). */
  keep?: readonly string[];
  forceUpdate?: boolean;
  pullLatest?: boolean;
  stopped?: boolean;
  /** Restrict forceUpdate/pullLatest to these services (a redeploy after an image push). */
  only?: string[];
};

/**
 * Creates or updates one Swarm service to exactly this (bound) spec, with the registry credentials
 * its image needs and the policy the template was compiled against (the agent enforces it again).
 */
export async function applyServiceSpec(ctx: Pick<AppContext, "app" | "managerId">, spec: ServiceSpec, policy: CompiledTemplate["policy"] | undefined, flags: { forceUpdate?: boolean; pullLatest?: boolean } = {}) {
  const registryAuth = await registryAuthFor({ orgId: ctx.app.orgId, image: specImage(spec) });
  return sendCommand({
    nodeId: ctx.managerId,
    type: "service.apply",
    payload: { spec: spec as unknown as Record<string, unknown>, ...(registryAuth ? { registryAuth } : {}), forceUpdate: flags.forceUpdate ?? false, pullLatest: flags.pullLatest ?? false, policy },
    timeoutMs: 60_000,
  });
}

const DEPENDENCY_TIMEOUT_MS = 180_000;
const CONVERGE_TIMEOUT_MS = 300_000;

/**
 * Deploys a compiled template through a manager: networks, secrets and configs first, then the
 * services batch by batch in dependency order (a batch waits until the one before runs), then
 * removes what the template no longer has and waits until everything runs.
 */
export async function applyTemplate(ctx: AppContext, compiled: CompiledTemplate, options: ApplyOptions = {}) {
  const replicas = new Map(ctx.services.map((s) => [s.name, s.replicas]));
  for (const [name, o] of options.overrides ?? []) replicas.set(name, o.replicas);
  const liveNames = new Map(ctx.services.map((s) => [s.name, s.swarmName]));
  const swarmName = (service: CompiledTemplate["services"][number]) => options.overrides?.get(service.name)?.swarmName ?? keptSwarmName(service.fullName, liveNames.get(service.name));
  // Placement and GPU checks first: a template that cannot run changes nothing.
  if (!options.stopped) {
    const cluster = await loadPlacementCluster(ctx);
    for (const service of compiled.services) await pinPlacement(ctx, cluster, service, replicas.get(service.name) ?? null);
  }
  const { managerId, labels, progress, checkpoint } = ctx;
  for (const n of compiled.networks) {
    const r = await sendCommand({ nodeId: managerId, type: "network.ensure", payload: { name: n.Name, labels: n.Labels, driver: n.Driver, attachable: n.Attachable, options: n.Options } });
    if (r.created) await progress.step(`Created network ${n.Name}`);
  }
  const bind = async (kind: "secret" | "config", specs: CompiledTemplate["secrets"]) => {
    const bound = new Map<string, { name: string; id: string }>();
    for (const spec of specs) {
      const name = contentName(spec);
      const r = await sendCommand({ nodeId: managerId, type: kind === "secret" ? "secret.ensure" : "config.ensure", payload: { name, dataBase64: spec.Data, labels: spec.Labels } });
      if (r.created) await progress.step(`Created ${kind} ${name}`);
      bound.set(spec.Name, { name, id: r.id });
    }
    return bound;
  };
  const secrets = await bind("secret", compiled.secrets);
  const configs = await bind("config", compiled.configs);

  const batches = compiled.startOrder;
  for (const [i, batch] of batches.entries()) {
    for (const name of batch) {
      const service = compiled.services.find((s) => s.name === name);
      if (!service) continue;
      await checkpoint?.();
      if (options.stopped && specMode(service.spec).mode === "global") {
        // A global service runs one task per node and cannot be scaled to zero: stopping removes it.
        const r = await sendCommand({ nodeId: managerId, type: "service.remove", payload: { name: service.fullName } });
        if (r.removed) await progress.step(`Removed global service ${service.fullName} while stopped`);
        continue;
      }
      const override = options.overrides?.get(name);
      const compiledSpec = { ...service.spec, Name: swarmName(service), Labels: { ...service.spec.Labels, ...override?.labels } };
      const spec = bindDataObjects(withReplicas(compiledSpec, options.stopped ? 0 : (replicas.get(name) ?? null)), secrets, configs);
      const targeted = !options.only || options.only.includes(name);
      const r = await applyServiceSpec(ctx, spec, compiled.policy, { forceUpdate: targeted && (options.forceUpdate ?? false), pullLatest: targeted && (options.pullLatest ?? service.extensions.latestImage) });
      await progress.step(`${r.created ? "Created" : r.updated ? "Updated" : "Checked"} service ${swarmName(service)}${r.warnings.length ? ` (${r.warnings.join("; ")})` : ""}`);
    }
    if (i < batches.length - 1 && !options.stopped) {
      await progress.step(`Waiting for ${batch.join(", ")} before starting the services that depend on them`);
      await waitConverged({ managerId, labels, names: batch.map((n) => { const s = compiled.services.find((c) => c.name === n); return s ? swarmName(s) : n; }), timeoutMs: DEPENDENCY_TIMEOUT_MS, checkpoint });
    }
  }

  const wanted = compiled.services.filter((s) => !(options.stopped && specMode(s.spec).mode === "global")).map(swarmName);
  const current = await sendCommand({ nodeId: managerId, type: "services.status", payload: { labels } });
  for (const stale of current.services.filter((s) => !wanted.includes(s.name) && !options.keep?.includes(s.name))) {
    await sendCommand({ nodeId: managerId, type: "service.remove", payload: { name: stale.name } });
    await progress.step(`Removed service ${stale.name}, no longer in the template`);
  }
  await progress.step("Waiting for every task to run");
  const status = await waitConverged({ managerId, labels, names: wanted, timeoutMs: CONVERGE_TIMEOUT_MS, checkpoint });
  const pruned = await sendCommand({
    nodeId: managerId,
    type: "app.prune",
    payload: { labels, keep: { secrets: [...secrets.values()].map((s) => s.name), configs: [...configs.values()].map((c) => c.name), networks: compiled.networks.map((n) => n.Name) } },
  });
  const removed = [...pruned.removed.secrets, ...pruned.removed.configs, ...pruned.removed.networks];
  if (removed.length) await progress.step(`Removed unused ${removed.join(", ")}`);
  return status;
}
