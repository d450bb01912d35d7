import type { LiveDifference } from "@/lib/schemas/applications";
import type { CommandResult } from "@/lib/protocol/commands";
import { converged, latestFailure, unschedulableReason } from "./deploy/wait-converged";

type Status = CommandResult<"services.status">;

/**
 * What the cluster runs that differs from the application's services right now, in words a
 * person can act on: a service missing, one short of tasks (with Docker's reason), an
 * update in flight or paused, a service the template no longer has. Empty when the application
 * runs as its template says; anything here makes it "degraded".
 */
export function liveDifferences({
  services,
  status,
}: {
  services: Array<{ name: string; swarmName: string }>;
  status: Status;
}): LiveDifference[] {
  const out: LiveDifference[] = [];
  for (const row of services) {
    const actual = status.services.find((s) => s.name === row.swarmName);
    if (!actual) {
      out.push({ service: row.name, problem: "is not in the cluster" });
      continue;
    }
    // a job runs now and then; how its runs went is its run history (lib/domain/service-jobs), not live state
    if (actual.job || converged(actual)) continue;
    const update = actual.updateStatus?.state;
    // Docker's words: the newest failed task's, else why a task waits unplaced ("no suitable node …").
    const why = latestFailure(status, actual.name) ?? unschedulableReason(status, actual.name, Date.now(), 0);
    const short =
      actual.runningTasks < actual.desiredTasks
        ? `runs ${actual.runningTasks} of ${actual.desiredTasks} tasks`
        : `is being updated (${update})`;
    out.push({ service: row.name, problem: `${short}${why ? `; Docker says ${why}` : ""}` });
  }
  const known = new Set(services.map((s) => s.swarmName));
  for (const extra of status.services.filter((s) => !known.has(s.name))) {
    out.push({ service: extra.name, problem: "runs in the cluster with this application's labels but is not in its template" });
  }
  return out;
}
