/** Read side of an application's history: template versions, their diff, deployments, events. */
import { createTwoFilesPatch } from "diff";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { deploymentSelect, toDeploymentView } from "./queue-deployment";
import { versionNumbers } from "./version-numbers";

async function ownedApp(orgId: string, applicationId: string) {
  const app = await prisma.application.findFirst({ where: { id: applicationId, orgId }, select: { id: true, currentVersionId: true, deployedVersionId: true } });
  if (!app) throw notFound("Application");
  return app;
}

const versionSelect = { id: true, version: true, message: true, envKeys: true, createdAt: true } as const;

export async function listVersions({ orgId, applicationId }: { orgId: string; applicationId: string }) {
  const app = await ownedApp(orgId, applicationId);
  const rows = await prisma.templateVersion.findMany({ where: { applicationId, orgId }, orderBy: { version: "desc" }, take: 200, select: versionSelect });
  return { items: rows.map((v) => ({ ...v, current: v.id === app.currentVersionId, deployed: v.id === app.deployedVersionId })) };
}

export async function getVersion({ orgId, applicationId, versionId }: { orgId: string; applicationId: string; versionId: string }) {
  const app = await ownedApp(orgId, applicationId);
  const v = await prisma.templateVersion.findFirst({ where: { id: versionId, applicationId, orgId }, select: { ...versionSelect, compose: true } });
  if (!v) throw notFound("Version");
  return { ...v, current: v.id === app.currentVersionId, deployed: v.id === app.deployedVersionId };
}

export async function diffVersions({ orgId, applicationId, from, to }: { orgId: string; applicationId: string; from: string; to: string }) {
  await ownedApp(orgId, applicationId);
  const rows = await prisma.templateVersion.findMany({ where: { id: { in: [from, to] }, applicationId, orgId }, select: { id: true, version: true, compose: true } });
  const a = rows.find((r) => r.id === from);
  const b = rows.find((r) => r.id === to);
  if (!a || !b) throw notFound("Version");
  const patch = createTwoFilesPatch(`version ${a.version}`, `version ${b.version}`, a.compose, b.compose, "", "", { context: 3 });
  return { from: a.version, to: b.version, patch };
}

export async function listDeployments({ orgId, applicationId, page }: { orgId: string; applicationId: string; page: PaginationQuery }) {
  await ownedApp(orgId, applicationId);
  const rows = await prisma.deployment.findMany({ where: { applicationId, orgId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: deploymentSelect, ...pageArgs(page) });
  const { items, nextCursor } = toPage(rows, page);
  const versions = await versionNumbers(items.map((d) => d.versionId));
  return { items: items.map((d) => toDeploymentView(d, versions)), nextCursor };
}

export async function listEvents({ orgId, applicationId, page }: { orgId: string; applicationId: string; page: PaginationQuery }) {
  await ownedApp(orgId, applicationId);
  const rows = await prisma.appEvent.findMany({
    where: { applicationId, orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, type: true, level: true, message: true, service: true, details: true, createdAt: true },
    ...pageArgs(page),
  });
  return toPage(rows, page);
}
