import { AppError } from "@/lib/errors";
import type { CommandResult } from "@/lib/protocol/commands";
import { sendCommand } from "../../commands/send-command";

type Status = CommandResult<"services.status">;

const FAILED_UPDATE = new Set(["rollback_completed", "rollback_paused", "paused"]);
const IN_PROGRESS_UPDATE = new Set(["updating", "rollback_started"]);

/**
 * Whether a service has all its tasks running and no update in flight; a job-mode service, whether
 * its current iteration has completed (its completions reached, or one completion per node of a
 * global job).
 */
export function converged(service: Status["services"][number]): boolean {
  if (service.job) return jobOutcome(service) === "completed";
  return service.runningTasks >= service.desiredTasks && !IN_PROGRESS_UPDATE.has(service.updateStatus?.state ?? "");
}

/** A job's current iteration: completed, failed (tasks failed and none is left to run), or still running. */
export function jobOutcome(service: Status["services"][number]): "completed" | "failed" | "running" {
  const job = service.job;
  if (!job) return "running";
  if (job.active > 0) return "running";
  if (job.wanted > 0 && job.completed >= job.wanted) return "completed";
  return job.failed > 0 ? "failed" : "running";
}

/** The newest failed task of a job's current iteration, in words with its exit code. */
export function jobFailure(status: Status, service: Status["services"][number]): { exitCode: number | null; reason: string } {
  const [t] = status.tasks
    .filter((x) => x.serviceName === service.name && x.jobIteration === service.job?.iteration && ["failed", "rejected"].includes(x.state))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const exitCode = t?.exitCode ?? null;
  const why = t ? `${t.state}: ${t.error ?? t.message}` : "failed";
  return { exitCode, reason: exitCode !== null ? `exit code ${exitCode} (${why})` : why };
}

/**
 * How long a task must have been seen running before its service counts as converged. A container
 * that exits at once is "running" for an instant, and one poll can land in that instant; the docker
 * CLI waits 5 s for the same reason. Such a task is reported failed within a few hundred
 * milliseconds; one second (two more polls) is enough to see it, and every deployment and
 * dependency wait pays it, so it stays short.
 */
export const STABLE_MS = 1_000;

/** Between two status polls while waiting for tasks. */
const POLL_MS = 500;

/** When each task was first seen running, across the polls of one wait (the local clock, so node clocks do not matter). */
export class RunningSince {
  private readonly since = new Map<string, number>();

  observe(status: Status, now: number): void {
    const running = new Set(status.tasks.filter((t) => t.state === "running" && t.desiredState === "running").map((t) => t.id));
    for (const id of this.since.keys()) if (!running.has(id)) this.since.delete(id);
    for (const id of running) if (!this.since.has(id)) this.since.set(id, now);
  }

  /** Converged, and as many of its tasks as it wants have kept running for `stableMs`. */
  stable(status: Status, service: Status["services"][number], now: number, stableMs = STABLE_MS): boolean {
    if (!converged(service)) return false;
    // a completed job has nothing left running to watch
    if (service.job) return true;
    const settled = status.tasks.filter((t) => t.serviceName === service.name && now - (this.since.get(t.id) ?? now) >= stableMs);
    return settled.length >= service.desiredTasks;
  }
}

/** The Docker error of the newest failed task of a service, if its tasks keep failing. */
export function failingReason(status: Status, serviceName: string): string | null {
  const failed = status.tasks
    .filter((t) => t.serviceName === serviceName && ["failed", "rejected"].includes(t.state))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  if (failed.length < 3) return null;
  const t = failed[0];
  return t ? `${t.state}: ${t.error ?? t.message}` : null;
}

/** Docker's words for the newest failed task of a service (why an update paused), if there is one. */
export function latestFailure(status: Status, serviceName: string): string | null {
  const [t] = status.tasks
    .filter((x) => x.serviceName === serviceName && ["failed", "rejected"].includes(x.state))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return t ? `${t.state}: ${t.error ?? t.message}` : null;
}

/**
 * How long the status poll may keep failing (the node's engine restarting, its agent reconnecting,
 * Redis or the gateway coming back) before the wait gives up with the last error.
 */
export const TRANSIENT_GRACE_MS = 60_000;

/** How long the scheduler may say "no suitable node" before the deployment fails with its words. */
export const UNSCHEDULABLE_GRACE_MS = 20_000;

/**
 * Swarm's reason when a service's tasks cannot be placed ("no suitable node (missing plugin on 1
 * node)"), once a task has waited with it for `graceMs`: the scheduler retries forever, so waiting
 * out the convergence timeout would only hide the reason. Null while placement may still succeed.
 */
export function unschedulableReason(status: Status, serviceName: string, now: number, graceMs = UNSCHEDULABLE_GRACE_MS): string | null {
  const stuck = status.tasks.find(
    (t) =>
      t.serviceName === serviceName &&
      t.desiredState === "running" &&
      t.state === "pending" &&
      /no suitable node/i.test(t.error ?? "") &&
      now - Date.parse(t.createdAt) >= graceMs,
  );
  return stuck ? `pending: ${stuck.error}` : null;
}

/**
 * The services were applied but their tasks did not all come to run: what an automatic rollback
 * answers (other failures, such as an unreachable manager, changed nothing worth undoing).
 */
export class ConvergenceError extends AppError {
  constructor(
    message: string,
    /** The last status seen (a failed job's run is recorded from it). */
    readonly status?: Status,
  ) {
    super("UPSTREAM_FAILED", message);
  }
}

/** A job-mode service ran and failed: reported with its exit code; undoing the deployment would not un-run it. */
export class JobFailedError extends ConvergenceError {}

/**
 * Polls the swarm until the named services converge and their tasks stay up. Fails early, with Docker's own words, when an
 * update was rolled back or paused, or when tasks keep failing. `checkpoint` runs before each poll
 * (a superseded deployment stops there instead of waiting out its tasks).
 */
export async function waitConverged({
  managerId,
  labels,
  names,
  timeoutMs,
  checkpoint,
}: {
  managerId: string;
  labels: Record<string, string>;
  names: string[];
  timeoutMs: number;
  checkpoint?: () => Promise<void>;
}): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  let failingSince: number | null = null;
  const running = new RunningSince();
  for (;;) {
    await checkpoint?.();
    let last: Status;
    try {
      last = await sendCommand({ nodeId: managerId, type: "services.status", payload: { labels }, timeoutMs: 20_000 });
      failingSince = null;
    } catch (err) {
      // Asking is not the deployment failing: keep asking for a while, then say what went wrong.
      failingSince ??= Date.now();
      if (Date.now() - failingSince > TRANSIENT_GRACE_MS || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    const now = Date.now();
    running.observe(last, now);
    const mine = last.services.filter((s) => names.includes(s.name));
    for (const s of mine) {
      if (FAILED_UPDATE.has(s.updateStatus?.state ?? "")) {
        const why = latestFailure(last, s.name);
        throw new ConvergenceError(
          `${s.name}: update ${s.updateStatus?.state.replace("_", " ")}: ${s.updateStatus?.message}${why ? ` (${why})` : ""}`,
        );
      }
      if (s.job && jobOutcome(s) === "failed")
        throw new JobFailedError(`${s.name}: the job failed with ${jobFailure(last, s).reason}`, last);
      const reason = !converged(s) && !s.job ? (failingReason(last, s.name) ?? unschedulableReason(last, s.name, Date.now())) : null;
      if (reason) throw new ConvergenceError(`${s.name} cannot start its tasks (${reason})`);
    }
    if (mine.length === names.length && mine.every((s) => running.stable(last, s, now))) return last;
    if (Date.now() > deadline) {
      const pending = names.filter((n) => !mine.some((s) => s.name === n && converged(s)));
      throw new ConvergenceError(`Timed out waiting for ${pending.join(", ")} to run all their tasks`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
