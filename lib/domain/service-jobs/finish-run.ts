import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { recordEvent } from "../applications/record-event";
import { readRunLogs } from "./read-run-logs";
import type { RunOutcome } from "./run-outcome";

type FinishRunOptions = {
  run: { id: string; orgId: string; applicationId: string; startedAt: Date | null; trigger: string };
  service: { name: string; swarmName: string };
  managerId: string;
  outcome: Extract<RunOutcome, { state: "SUCCEEDED" | "FAILED" }>;
  log: Logger;
};

/** Records a finished run: status, exit code, duration, its tasks and their output; a failed run is an application event too. */
export async function finishRun({ run, service, managerId, outcome, log }: FinishRunOptions) {
  const logs = await readRunLogs({ managerId, swarmName: service.swarmName, taskIds: outcome.tasks.map((t) => t.id) }).catch(
    (err: unknown) => {
      log.warn({ err, runId: run.id }, "could not read the run's logs");
      return `(the logs could not be read: ${err instanceof Error ? err.message : String(err)})`;
    },
  );
  const finishedAt = new Date();
  const startedAt = run.startedAt ?? finishedAt;
  await prisma.serviceRun.update({
    where: { id: run.id },
    data: {
      status: outcome.state,
      exitCode: outcome.exitCode,
      error: outcome.error,
      tasks: outcome.tasks,
      logs,
      startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    },
  });
  if (outcome.state === "FAILED")
    await recordEvent({
      orgId: run.orgId,
      applicationId: run.applicationId,
      type: "job.failed",
      level: "ERROR",
      service: service.name,
      message: `${service.name}: ${run.trigger.toLowerCase()} run failed${outcome.exitCode !== null ? ` with exit code ${outcome.exitCode}` : ""}`,
      details: { runId: run.id },
    });
}
