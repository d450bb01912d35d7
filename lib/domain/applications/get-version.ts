import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { ownedApp } from "./owned-app";
import { toVersionView, versionSelect } from "./version-view";

export async function getVersion({ orgId, applicationId, versionId }: { orgId: string; applicationId: string; versionId: string }) {
  const app = await ownedApp(orgId, applicationId);
  const v = await prisma.templateVersion.findFirst({
    where: { id: versionId, applicationId, orgId },
    select: { ...versionSelect, compose: true },
  });
  if (!v) throw notFound("Version");
  return toVersionView(v, app);
}
