/**
 * What a job-mode service's iteration came to, from one services.status answer: still running,
 * succeeded or failed, with the exit code and the tasks that ran. Pure (unit-tested).
 */
import type { CommandResult } from "@/lib/protocol/commands";
import { jobFailure, jobOutcome } from "../applications/deploy/wait-converged";

type Status = CommandResult<"services.status">;

export type RunTask = { id: string; nodeId: string | null; state: string; exitCode: number | null; error: string | null };

export type RunOutcome =
  | { state: "missing"; reason: string }
  | { state: "running"; iteration: number | null; tasks: RunTask[] }
  | { state: "SUCCEEDED" | "FAILED"; iteration: number | null; exitCode: number | null; error: string | null; tasks: RunTask[] };

export function runOutcome(status: Status, swarmName: string, iteration?: number | null): RunOutcome {
  const service = status.services.find((s) => s.name === swarmName);
  if (!service) return { state: "missing", reason: `service ${swarmName} is not in the cluster (deploy the application first)` };
  if (!service.job)
    return { state: "missing", reason: `${swarmName} is not a job-mode service (deploy.mode replicated-job or global-job)` };
  const current = service.job.iteration;
  const tasks: RunTask[] = status.tasks
    .filter((t) => t.serviceName === swarmName && (t.jobIteration ?? null) === (iteration ?? current))
    .map((t) => ({ id: t.id, nodeId: t.nodeId, state: t.state, exitCode: t.exitCode, error: t.error }));
  // the iteration asked about is no longer the service's (a newer run or deploy replaced it): judge it by its tasks
  if (iteration !== undefined && iteration !== null && iteration !== current) {
    const failed = tasks.find((t) => t.state === "failed" || t.state === "rejected");
    if (failed) return { state: "FAILED", iteration, exitCode: failed.exitCode, error: failed.error ?? "failed", tasks };
    return tasks.some((t) => t.state === "complete")
      ? { state: "SUCCEEDED", iteration, exitCode: 0, error: null, tasks }
      : { state: "FAILED", iteration, exitCode: null, error: "replaced by a newer run before it finished", tasks };
  }
  const outcome = jobOutcome(service);
  if (outcome === "running") return { state: "running", iteration: current, tasks };
  if (outcome === "completed") return { state: "SUCCEEDED", iteration: current, exitCode: 0, error: null, tasks };
  const failure = jobFailure(status, service);
  return { state: "FAILED", iteration: current, exitCode: failure.exitCode, error: `the job failed with ${failure.reason}`, tasks };
}
