import { createTwoFilesPatch } from "diff";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { ownedApp } from "./owned-app";

/** A unified diff between two template versions of the application. */
export async function diffVersions({ orgId, applicationId, from, to }: { orgId: string; applicationId: string; from: string; to: string }) {
  await ownedApp(orgId, applicationId);
  const rows = await prisma.templateVersion.findMany({
    where: { id: { in: [from, to] }, applicationId, orgId },
    select: { id: true, version: true, compose: true },
  });
  const a = rows.find((r) => r.id === from);
  const b = rows.find((r) => r.id === to);
  if (!a || !b) throw notFound("Version");
  const patch = createTwoFilesPatch(`version ${a.version}`, `version ${b.version}`, a.compose, b.compose, "", "", { context: 3 });
  return { from: a.version, to: b.version, patch };
}
