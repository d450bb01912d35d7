import type { CompiledTemplate } from "../compile-template";
import { sendCommand } from "../../commands/send-command";
import { registryAuthFor } from "../../registry/registry-auth-for";
import { specImage, specMode, withReplicas } from "../service-facts";
import type { AppContext } from "./app-context";
import { bindDataObjects, contentName } from "./bind-data-objects";
import { loadPlacementCluster, pinPlacement } from "./pin-placement";
import { waitConverged } from "./wait-converged";

export type ApplyOptions = {
  forceUpdate?: boolean;
  pullLatest?: boolean;
  stopped?: boolean;
  /** Restrict forceUpdate/pullLatest to these services (a redeploy after an image push). */
  only?: string[];
};

const DEPENDENCY_TIMEOUT_MS = 180_000;
const CONVERGE_TIMEOUT_MS = 300_000;

/**
 * Deploys a compiled template through a manager: networks, secrets and configs first, then the
 * services batch by batch in dependency order (a batch waits until the one before runs), then
 * removes what the template no longer has and waits until everything runs.
 */
export async function applyTemplate(ctx: AppContext, compiled: CompiledTemplate, options: ApplyOptions = {}) {
  const replicas = new Map(ctx.services.map((s) => [s.name, s.replicas]));
  // Placement and GPU checks first: a template that cannot run changes nothing.
  if (!options.stopped) {
    const cluster = await loadPlacementCluster(ctx);
    for (const service of compiled.services) await pinPlacement(ctx, cluster, service, replicas.get(service.name) ?? null);
  }
  const { managerId, labels, progress } = ctx;
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
      if (options.stopped && specMode(service.spec).mode === "global") {
        // A global service runs one task per node and cannot be scaled to zero: stopping removes it.
        const r = await sendCommand({ nodeId: managerId, type: "service.remove", payload: { name: service.fullName } });
        if (r.removed) await progress.step(`Removed global service ${service.fullName} while stopped`);
        continue;
      }
      const spec = bindDataObjects(withReplicas(service.spec, options.stopped ? 0 : (replicas.get(name) ?? null)), secrets, configs);
      const targeted = !options.only || options.only.includes(name);
      const registryAuth = await registryAuthFor({ orgId: ctx.app.orgId, image: specImage(spec) });
      const r = await sendCommand({
        nodeId: managerId,
        type: "service.apply",
        payload: {
          spec: spec as unknown as Record<string, unknown>,
          ...(registryAuth ? { registryAuth } : {}),
          forceUpdate: targeted && (options.forceUpdate ?? false),
          pullLatest: targeted && (options.pullLatest ?? service.extensions.latestImage),
          // the policy the template was compiled against; the agent enforces it again
          policy: compiled.policy,
        },
        timeoutMs: 60_000,
      });
      await progress.step(`${r.created ? "Created" : r.updated ? "Updated" : "Checked"} service ${service.fullName}${r.warnings.length ? ` (${r.warnings.join("; ")})` : ""}`);
    }
    if (i < batches.length - 1 && !options.stopped) {
      await progress.step(`Waiting for ${batch.join(", ")} before starting the services that depend on them`);
      await waitConverged({ managerId, labels, names: batch.map((n) => compiled.services.find((s) => s.name === n)?.fullName ?? n), timeoutMs: DEPENDENCY_TIMEOUT_MS });
    }
  }

  const wanted = compiled.services.filter((s) => !(options.stopped && specMode(s.spec).mode === "global")).map((s) => s.fullName);
  const current = await sendCommand({ nodeId: managerId, type: "services.status", payload: { labels } });
  for (const stale of current.services.filter((s) => !wanted.includes(s.name))) {
    await sendCommand({ nodeId: managerId, type: "service.remove", payload: { name: stale.name } });
    await progress.step(`Removed service ${stale.name}, no longer in the template`);
  }
  await progress.step("Waiting for every task to run");
  const status = await waitConverged({ managerId, labels, names: wanted, timeoutMs: CONVERGE_TIMEOUT_MS });
  const pruned = await sendCommand({
    nodeId: managerId,
    type: "app.prune",
    payload: { labels, keep: { secrets: [...secrets.values()].map((s) => s.name), configs: [...configs.values()].map((c) => c.name), networks: compiled.networks.map((n) => n.Name) } },
  });
  const removed = [...pruned.removed.secrets, ...pruned.removed.configs, ...pruned.removed.networks];
  if (removed.length) await progress.step(`Removed unused ${removed.join(", ")}`);
  return status;
}
