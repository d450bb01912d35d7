import { AppError } from "@/lib/errors";
import type { CommandResult } from "@/lib/protocol/commands";
import { sendCommand } from "../../commands/send-command";

type Status = CommandResult<"services.status">;

const FAILED_UPDATE = new Set(["rollback_completed", "rollback_paused", "paused"]);
const IN_PROGRESS_UPDATE = new Set(["updating", "rollback_started"]);

/** Whether a service has all its tasks running and no update in flight. */
export function converged(service: Status["services"][number]): boolean {
  return service.runningTasks >= service.desiredTasks && !IN_PROGRESS_UPDATE.has(service.updateStatus?.state ?? "");
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

/** How long the scheduler may say "no suitable node" before the deployment fails with its words. */
export const UNSCHEDULABLE_GRACE_MS = 20_000;

/**
 * Swarm's reason when a service's tasks cannot be placed ("no suitable node (missing plugin on 1
 * node)"), once a task has waited with it for `graceMs`: the scheduler retries forever, so waiting
 * out the convergence timeout would only hide the reason. Null while placement may still succeed.
 */
export function unschedulableReason(status: Status, serviceName: string, now: number, graceMs = UNSCHEDULABLE_GRACE_MS): string | null {
  const stuck = status.tasks.find((t) =>
    t.serviceName === serviceName && t.desiredState === "running" && t.state === "pending"
    && /no suitable node/i.test(t.error ?? "") && now - Date.parse(t.createdAt) >= graceMs);
  return stuck ? `pending: ${stuck.error}` : null;
}

/**
 * Polls the swarm until the named services converge. Fails early, with Docker's own words, when an
 * update was rolled back or paused, or when tasks keep failing.
 */
export async function waitConverged({ managerId, labels, names, timeoutMs }: {
  managerId: string; labels: Record<string, string>; names: string[]; timeoutMs: number;
}): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  let last: Status | null = null;
  for (;;) {
    last = await sendCommand({ nodeId: managerId, type: "services.status", payload: { labels }, timeoutMs: 20_000 });
    const mine = last.services.filter((s) => names.includes(s.name));
    for (const s of mine) {
      if (FAILED_UPDATE.has(s.updateStatus?.state ?? "")) throw new AppError("UPSTREAM_FAILED", `${s.name}: update ${s.updateStatus?.state.replace("_", " ")}: ${s.updateStatus?.message}`);
      const reason = !converged(s) ? (failingReason(last, s.name) ?? unschedulableReason(last, s.name, Date.now())) : null;
      if (reason) throw new AppError("UPSTREAM_FAILED", `${s.name} cannot start its tasks (${reason})`);
    }
    if (mine.length === names.length && mine.every(converged)) return last;
    if (Date.now() > deadline) {
      const pending = names.filter((n) => !mine.some((s) => s.name === n && converged(s)));
      throw new AppError("UPSTREAM_FAILED", `Timed out waiting for ${pending.join(", ")} to run all their tasks`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
