import { prisma, Prisma } from "@/lib/db";

export type JobRunIdentity = { queue: string; name: string; jobId: string; attempt: number; worker: string };

export type JobRunRecord = {
  succeeded(result: unknown): Promise<void>;
  failed(error: unknown): Promise<void>;
};

/**
 * Mirrors one attempt of a job into Postgres (JobRun), so its history outlives Redis. An upsert:
 * after a crash the same attempt can run again (stalled-job recovery) and is recorded once.
 */
export async function recordJobRun({ queue, name, jobId, attempt, worker }: JobRunIdentity): Promise<JobRunRecord> {
  const run = await prisma.jobRun.upsert({
    where: { jobId_attempt: { jobId, attempt } },
    create: { queue, name, jobId, attempt, status: "RUNNING", worker },
    update: { status: "RUNNING", worker, startedAt: new Date(), error: null },
    select: { id: true },
  });
  return {
    async succeeded(result) {
      await prisma.jobRun.update({
        where: { id: run.id },
        data: { status: "SUCCEEDED", finishedAt: new Date(), result: (result ?? Prisma.JsonNull) as Prisma.InputJsonValue },
      });
    },
    async failed(error) {
      const message = error instanceof Error ? error.message : String(error);
      await prisma.jobRun.update({
        where: { id: run.id },
        data: { status: "FAILED", finishedAt: new Date(), error: message.slice(0, 2000) },
      });
    },
  };
}
