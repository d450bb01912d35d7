import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";
import { toServiceView } from "./app-view";
import { findAppForChange } from "./find-app";

/** Per-service settings that need no deployment (whether pushes of the latest image redeploy it). */
export async function updateServiceSettings({
  ctx,
  applicationId,
  serviceId,
  latestImage,
}: {
  ctx: OrgContext;
  applicationId: string;
  serviceId: string;
  latestImage: boolean;
}) {
  return prisma.$transaction(async (tx) => {
    await findAppForChange(tx, ctx.orgId, applicationId);
    const service = await tx.appService.findFirst({
      where: { id: serviceId, applicationId, orgId: ctx.orgId },
      select: { id: true, name: true },
    });
    if (!service) throw notFound("Service");
    const row = await tx.appService.update({
      where: { id: service.id },
      data: { latestImage },
      select: { id: true, name: true, swarmName: true, spec: true, replicas: true, latestImage: true },
    });
    await auditChange(tx, ctx, "application.service-settings", applicationId, { service: service.name, latestImage });
    return toServiceView(row);
  });
}
