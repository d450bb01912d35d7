import { systemActor } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { recordAudit } from "../audit/record-audit";
import { createDeployment, startDeployments } from "./queue-deployment";
import { recordEvent } from "./record-event";
import { specImage } from "./service-facts";

/**
 * A tag was pushed to the hosted registry: redeploy (pull and roll) every service of the
 * organisation that opted in (wharf.latest_image / aliyun.latest_image or the console toggle) and
 * runs that image, under any of the registry's host names.
 */
export async function redeployOnPush({
  orgId,
  repository,
  tag,
  hosts,
  pushedBy,
}: {
  orgId: string;
  repository: string;
  tag: string;
  hosts: string[];
  pushedBy: string | null;
}) {
  const images = new Set(hosts.map((h) => `${h}/${repository}:${tag}`));
  const services = await prisma.appService.findMany({
    where: { orgId, latestImage: true, application: { deletedAt: null, desiredState: "RUNNING" } },
    select: { name: true, spec: true, applicationId: true },
  });
  const byApp = new Map<string, string[]>();
  for (const s of services) {
    if (!images.has(specImage(s.spec).split("@")[0] ?? "")) continue;
    byApp.set(s.applicationId, [...(byApp.get(s.applicationId) ?? []), s.name]);
  }
  const actor = systemActor(`registry push${pushedBy ? ` by ${pushedBy}` : ""}`);
  for (const [applicationId, names] of byApp) {
    await prisma.$transaction(async (tx) => {
      await recordEvent({
        db: tx,
        orgId,
        applicationId,
        type: "image.pushed",
        message: `${repository}:${tag} was pushed${pushedBy ? ` by ${pushedBy}` : ""}; redeploying ${names.join(", ")}`,
        details: { repository, tag, services: names },
      });
      await recordAudit({
        db: tx,
        orgId,
        actor,
        action: "application.redeploy",
        targetType: "application",
        targetId: applicationId,
        details: { reason: "image pushed", repository, tag, services: names },
      });
      await createDeployment({
        db: tx,
        orgId,
        applicationId,
        kind: "REDEPLOY",
        params: { services: names, reason: "image pushed", image: `${repository}:${tag}` },
        actor,
      });
    });
    await startDeployments(applicationId);
  }
  return { applications: byApp.size };
}
