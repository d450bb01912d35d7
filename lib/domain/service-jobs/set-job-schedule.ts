import type { OrgContext } from "@/lib/auth/context";
import { nextTick } from "@/lib/compose/schedule";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";
import { jobMode, jobServiceSelect, toJobService } from "./run-view";

type SetJobScheduleOptions = { ctx: Pick<OrgContext, "orgId" | "actor">; applicationId: string; serviceId: string; suspended: boolean };

/**
 * Suspends or resumes a job's schedule. A suspended schedule takes no ticks (a run already under
 * way finishes); resuming starts from the next tick after now, so the ticks missed meanwhile are
 * not caught up. Kept across redeploys of the same schedule.
 */
export async function setJobSchedule({ ctx, applicationId, serviceId, suspended }: SetJobScheduleOptions) {
  return prisma.$transaction(async (tx) => {
    const schedule = await tx.jobSchedule.findFirst({
      where: { serviceId, applicationId, orgId: ctx.orgId, service: { application: { deletedAt: null } } },
      select: { id: true, cron: true, timezone: true, suspended: true, service: { select: { name: true } } },
    });
    if (!schedule) {
      const service = await tx.appService.findFirst({ where: { id: serviceId, applicationId, orgId: ctx.orgId }, select: { name: true } });
      if (!service) throw notFound("Service");
      throw new AppError("CONFLICT", `${service.name} has no schedule: add a wharf.schedule label to its template`);
    }
    if (schedule.suspended !== suspended) {
      await tx.jobSchedule.update({
        where: { id: schedule.id },
        data: { suspended, ...(suspended ? {} : { nextTickAt: nextTick(schedule, new Date()) }) },
      });
      await auditChange(tx, ctx, suspended ? "job.suspend" : "job.resume", serviceId, { service: schedule.service.name });
    }
    const row = await tx.appService.findUniqueOrThrow({ where: { id: serviceId }, select: jobServiceSelect });
    return toJobService(row, jobMode(row.spec) ?? "replicated-job");
  });
}
