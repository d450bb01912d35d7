import { prisma } from "@/lib/db";
import { ownedApp } from "./owned-app";
import { toVersionView, versionSelect } from "./version-view";

export async function listVersions({ orgId, applicationId }: { orgId: string; applicationId: string }) {
  const app = await ownedApp(orgId, applicationId);
  const rows = await prisma.templateVersion.findMany({
    where: { applicationId, orgId },
    orderBy: { version: "desc" },
    take: 200,
    select: versionSelect,
  });
  return { items: rows.map((v) => toVersionView(v, app)) };
}
