import type { ServiceSpec } from "@/lib/compose/swarm-types";
import type { CompiledTemplate } from "../compile-template";
import { sendCommand } from "../../commands/send-command";
import { registryAuthFor } from "../../registry/registry-auth-for";
import { specImage } from "../service-facts";
import type { AppContext } from "./app-context";
import type { ApplyOptions } from "./deploy-steps";
import { loadPlacementCluster, pinPlacement } from "./pin-placement";
import { deployPlanned } from "./run-steps";
import { waitConverged } from "./wait-converged";

export type { ApplyOptions, ServiceOverride } from "./deploy-steps";

/**
 * Creates or updates one Swarm service to exactly this (bound) spec, with the registry credentials
 * its image needs and the policy the template was compiled against (the agent enforces it again).
 */
export async function applyServiceSpec(
  ctx: Pick<AppContext, "app" | "managerId">,
  spec: ServiceSpec,
  policy: CompiledTemplate["policy"] | undefined,
  flags: { forceUpdate?: boolean; pullLatest?: boolean } = {},
) {
  const registryAuth = await registryAuthFor({ orgId: ctx.app.orgId, image: specImage(spec) });
  return sendCommand({
    nodeId: ctx.managerId,
    type: "service.apply",
    payload: {
      spec,
      ...(registryAuth ? { registryAuth } : {}),
      forceUpdate: flags.forceUpdate ?? false,
      pullLatest: flags.pullLatest ?? false,
      policy,
    },
    timeoutMs: 60_000,
  });
}

const DEPENDENCY_TIMEOUT_MS = 180_000;
const CONVERGE_TIMEOUT_MS = 300_000;

/**
 * Deploys a compiled template through a manager: plans the steps from the application's rows and
 * the cluster's ready nodes (deploy-steps.ts: placement, networks, content-named secrets and
 * configs, the services batch by batch in dependency order, stale services, convergence, pruning),
 * the plan the preview showed, and executes exactly those (run-steps.ts).
 */
export async function applyTemplate(ctx: AppContext, compiled: CompiledTemplate, options: ApplyOptions = {}) {
  const { managerId, labels, progress, checkpoint } = ctx;
  const placement = options.stopped ? null : await loadPlacementCluster(ctx);
  return deployPlanned({
    compiled,
    current: ctx.services,
    nodes: placement?.nodes ?? [],
    options,
    labels,
    progress,
    checkpoint,
    cluster: {
      send: (type, payload) => sendCommand({ nodeId: managerId, type, payload }),
      applySpec: (spec, flags) => applyServiceSpec(ctx, spec, compiled.policy, flags),
      pin: async (service, replicas) => {
        if (placement) await pinPlacement(ctx, placement, service, replicas);
      },
      waitConverged: (names, purpose) =>
        waitConverged({ managerId, labels, names, timeoutMs: purpose === "all" ? CONVERGE_TIMEOUT_MS : DEPENDENCY_TIMEOUT_MS, checkpoint }),
    },
  });
}
