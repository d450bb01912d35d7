import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { queueChange, type QueueChangeOptions } from "./queue-change";
import { specMode } from "./service-facts";

type ScaleOptions = Pick<QueueChangeOptions, "ctx" | "applicationId" | "recorded"> & {
  serviceId: string;
  replicas: number;
  /** Why, in the audit entry and the deployment's parameters (the autoscaler's decision). */
  reason?: string;
};

export async function scaleService({ ctx, applicationId, serviceId, replicas, reason, recorded }: ScaleOptions) {
  const service = await prisma.appService.findFirst({
    where: { id: serviceId, applicationId, orgId: ctx.orgId },
    select: { id: true, name: true, replicas: true, spec: true },
  });
  if (!service) throw notFound("Service");
  if (specMode(service.spec).mode === "global")
    throw new AppError("CONFLICT", `${service.name} is a global service (one task per node); it cannot be scaled`);
  return queueChange({
    ctx,
    applicationId,
    kind: "SCALE",
    audit: "application.scale",
    details: { service: service.name, from: service.replicas ?? 0, replicas, ...(reason ? { reason } : {}) },
    recorded,
    prepare: async (tx) => void (await tx.appService.update({ where: { id: service.id }, data: { replicas } })),
  });
}
