import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { serviceRunJob } from "@/lib/queue/jobs";
import { auditChange } from "../audit/record-audit";
import { jobMode, runSelect, toRunView } from "./run-view";

type RequestServiceRunOptions = { ctx: Pick<OrgContext, "orgId" | "actor">; applicationId: string; serviceId: string };

/**
 * "Run now": records a MANUAL run of a deployed job-mode service and queues it (after the commit).
 * One run of a service at a time: while one is unfinished this is a conflict, not a second run.
 */
export async function requestServiceRun({ ctx, applicationId, serviceId }: RequestServiceRunOptions) {
  const run = await prisma.$transaction(async (tx) => {
    const service = await tx.appService.findFirst({
      where: { id: serviceId, applicationId, orgId: ctx.orgId, application: { deletedAt: null } },
      select: { id: true, name: true, spec: true, application: { select: { desiredState: true, deployedVersionId: true } } },
    });
    if (!service) throw notFound("Service");
    if (!jobMode(service.spec))
      throw new AppError(
        "CONFLICT",
        `${service.name} is not a job: only services with deploy.mode replicated-job or global-job run on demand`,
      );
    if (service.application.desiredState !== "RUNNING" || !service.application.deployedVersionId)
      throw new AppError("CONFLICT", "The application is not running: deploy or start it first");
    // serialises concurrent requests for the same service
    await tx.$queryRaw`SELECT id FROM "AppService" WHERE id = ${service.id} FOR UPDATE`;
    const busy = await tx.serviceRun.findFirst({
      where: { serviceId: service.id, status: { in: ["PENDING", "RUNNING"] } },
      select: { id: true },
    });
    if (busy) throw new AppError("CONFLICT", `${service.name} is already running; wait for the run to finish`);
    const created = await tx.serviceRun.create({
      data: { orgId: ctx.orgId, applicationId, serviceId: service.id, trigger: "MANUAL", requestedBy: ctx.actor.label },
      select: runSelect,
    });
    await auditChange(tx, ctx, "job.run", service.id, { service: service.name, runId: created.id });
    return created;
  });
  await enqueue(serviceRunJob, { runId: run.id });
  return toRunView(run);
}
