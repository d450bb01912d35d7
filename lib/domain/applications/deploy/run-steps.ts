/**
 * Executes a planned deployment (deploy-steps.ts) step by step, nothing more and nothing else:
 * every command it sends belongs to one planned step. The cluster is reached through a
 * StepCluster, so a unit test can run the same executor against a recording stand-in and compare
 * what ran with what the preview showed.
 */
import type { ServiceSpec } from "@/lib/compose/swarm-types";
import { AppError } from "@/lib/errors";
import type { CommandPayload, CommandResult, CommandType } from "@/lib/protocol/commands";
import type { CompiledTemplate } from "../compile-template";
import { withReplicas } from "../service-facts";
import type { ProgressLog } from "./app-context";
import { bindDataObjects } from "./bind-data-objects";
import { planSteps, type ApplyOptions, type CurrentService, type DeployStep, type PlacementNode } from "./deploy-steps";

type Status = CommandResult<"services.status">;

/** What executing steps needs of the cluster. */
export type StepCluster = {
  send<T extends CommandType>(type: T, payload: CommandPayload<T>): Promise<CommandResult<T>>;
  applySpec(spec: ServiceSpec, flags: { forceUpdate: boolean; pullLatest: boolean }): Promise<CommandResult<"service.apply">>;
  /** Chooses the service's nodes and labels them (pin-placement.ts). */
  pin(service: CompiledTemplate["services"][number], replicas: number | null): Promise<void>;
  waitConverged(names: string[], purpose: "dependencies" | "all"): Promise<Status>;
};

type RunInput = {
  compiled: CompiledTemplate;
  /** The labels every object of the application carries (stale services are found by them). */
  labels: Record<string, string>;
  cluster: StepCluster;
  progress: ProgressLog;
  checkpoint?: () => Promise<void>;
  /** Called as each step starts (tests compare the executed list with the plan). */
  onStep?: (step: DeployStep) => void;
};

/** What a deployment does: plans its steps from the application's rows and the cluster's nodes, then runs them. */
export function deployPlanned({
  current,
  nodes,
  options,
  ...run
}: RunInput & { current: readonly CurrentService[]; nodes: readonly PlacementNode[]; options: ApplyOptions }) {
  return runSteps({ ...run, steps: planSteps({ compiled: run.compiled, current, nodes, options }) });
}

export async function runSteps({
  steps,
  compiled,
  labels,
  cluster,
  progress,
  checkpoint,
  onStep,
}: RunInput & { steps: readonly DeployStep[] }): Promise<Status | null> {
  const service = (name: string) => {
    const s = compiled.services.find((c) => c.name === name);
    if (!s) throw new Error(`The plan names ${name}, which the template does not have`);
    return s;
  };
  const secrets = new Map<string, { name: string; id: string }>();
  const configs = new Map<string, { name: string; id: string }>();
  let status: Status | null = null;
  for (const step of steps) {
    if (step.kind !== "place") await checkpoint?.();
    onStep?.(step);
    switch (step.kind) {
      case "place": {
        if (step.refusal) throw new AppError("CONFLICT", step.refusal);
        if (step.pin) await cluster.pin(service(step.service), step.replicas);
        break;
      }
      case "network": {
        const n = compiled.networks.find((x) => x.Name === step.name);
        if (!n) throw new Error(`The plan names network ${step.name}, which the template does not have`);
        const r = await cluster.send("network.ensure", {
          name: n.Name,
          labels: n.Labels,
          driver: n.Driver,
          attachable: n.Attachable,
          options: n.Options,
        });
        if (r.created) await progress.step(`Created network ${n.Name}`);
        break;
      }
      case "secret":
      case "config": {
        const spec = (step.kind === "secret" ? compiled.secrets : compiled.configs).find((x) => x.Name === step.key);
        if (!spec) throw new Error(`The plan names ${step.kind} ${step.key}, which the template does not have`);
        const payload = { name: step.name, dataBase64: spec.Data, labels: spec.Labels };
        const r = step.kind === "secret" ? await cluster.send("secret.ensure", payload) : await cluster.send("config.ensure", payload);
        if (r.created) await progress.step(`Created ${step.kind} ${step.name}`);
        (step.kind === "secret" ? secrets : configs).set(step.key, { name: step.name, id: r.id });
        break;
      }
      case "apply": {
        const s = service(step.service);
        const named = { ...s.spec, Name: step.swarmName, Labels: { ...s.spec.Labels, ...step.labels } };
        const spec = bindDataObjects(withReplicas(named, step.replicas), secrets, configs);
        const r = await cluster.applySpec(spec, { forceUpdate: step.forceUpdate, pullLatest: step.pullLatest });
        await progress.step(
          `${r.created ? "Created" : r.updated ? "Updated" : "Checked"} service ${step.swarmName}${r.warnings.length ? ` (${r.warnings.join("; ")})` : ""}`,
        );
        break;
      }
      case "remove-global": {
        const r = await cluster.send("service.remove", { name: step.swarmName });
        if (r.removed) await progress.step(`Removed global service ${step.swarmName} while stopped`);
        break;
      }
      case "wait":
        await progress.step(`Waiting for ${step.services.join(", ")} before starting the services that depend on them`);
        await cluster.waitConverged(step.swarmNames, "dependencies");
        break;
      case "remove-stale": {
        const current = await cluster.send("services.status", { labels });
        for (const stale of current.services.filter((s) => !step.keep.includes(s.name))) {
          await cluster.send("service.remove", { name: stale.name });
          await progress.step(`Removed service ${stale.name}, no longer in the template`);
        }
        break;
      }
      case "converge":
        await progress.step("Waiting for every task to run");
        status = await cluster.waitConverged(step.services, "all");
        break;
      case "prune": {
        const pruned = await cluster.send("app.prune", {
          labels,
          keep: { secrets: step.secrets, configs: step.configs, networks: step.networks },
        });
        const removed = [...pruned.removed.secrets, ...pruned.removed.configs, ...pruned.removed.networks];
        if (removed.length) await progress.step(`Removed unused ${removed.join(", ")}`);
        break;
      }
    }
  }
  return status;
}
