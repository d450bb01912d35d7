import { latestDueTick, nextTick } from "@/lib/compose/schedule";
import { prisma, Prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/enqueue";
import { serviceRunJob } from "@/lib/queue/jobs";

const BATCH = 200;

type Due = { id: string; orgId: string; applicationId: string; serviceId: string; cron: string; timezone: string; nextTickAt: Date };

/**
 * Takes every due tick of the job schedules of running applications: inserts its ServiceRun — the
 * UNIQUE (serviceId, tick) constraint lets exactly one worker's insert succeed, however many see
 * the tick due — and moves the schedule to its next tick in the same transaction; only the worker
 * whose insert won starts the run. Ticks missed while no worker ran are caught up with one run.
 * A tick that finds the previous run unfinished is recorded as skipped. Also re-enqueues unfinished
 * runs (their job ids are deterministic, so a run already queued or running is not doubled): Redis
 * may have lost them.
 */
export async function tickJobSchedules({ log, now = new Date() }: { log: Logger; now?: Date }) {
  const due = await prisma.jobSchedule.findMany({
    where: {
      suspended: false,
      nextTickAt: { lte: now },
      service: { application: { desiredState: "RUNNING", deletedAt: null, deployedVersionId: { not: null } } },
    },
    orderBy: { nextTickAt: "asc" },
    take: BATCH,
    select: { id: true, orgId: true, applicationId: true, serviceId: true, cron: true, timezone: true, nextTickAt: true },
  });
  let started = 0;
  for (const schedule of due) {
    const runId = await takeTick(schedule, now);
    if (runId) started++;
  }
  const unfinished = await prisma.serviceRun.findMany({
    where: { status: { in: ["PENDING", "RUNNING"] } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: BATCH,
  });
  for (const run of unfinished) await enqueue(serviceRunJob, { runId: run.id });
  if (started) log.info({ started }, "job schedule ticks taken");
  return { due: due.length, started, unfinished: unfinished.length };
}

/** One schedule's due tick: the run row and the schedule's next tick, or null when another worker took it. */
async function takeTick(schedule: Due, now: Date): Promise<string | null> {
  const tick = latestDueTick(schedule, new Date(schedule.nextTickAt.getTime() - 1), now) ?? schedule.nextTickAt;
  const next = nextTick(schedule, now);
  let run: { id: string; status: string };
  try {
    run = await prisma.$transaction(async (tx) => {
      const busy = await tx.serviceRun.findFirst({
        where: { serviceId: schedule.serviceId, status: { in: ["PENDING", "RUNNING"] } },
        select: { id: true },
      });
      const created = await tx.serviceRun.create({
        data: {
          orgId: schedule.orgId,
          applicationId: schedule.applicationId,
          serviceId: schedule.serviceId,
          trigger: "SCHEDULE",
          tick,
          ...(busy
            ? { status: "SKIPPED" as const, error: "the previous run was still running", finishedAt: now }
            : { status: "PENDING" as const }),
        },
        select: { id: true, status: true },
      });
      await tx.jobSchedule.updateMany({
        where: { id: schedule.id, nextTickAt: { lte: tick } },
        data: { nextTickAt: next, lastTickAt: tick },
      });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null; // another worker took this tick
    throw error;
  }
  if (run.status !== "PENDING") return null;
  await enqueue(serviceRunJob, { runId: run.id });
  return run.id;
}
