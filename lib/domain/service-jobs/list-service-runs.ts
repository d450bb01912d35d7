import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { runSelect, toRunDetail, toRunView } from "./run-view";

type ServiceScope = { orgId: string; applicationId: string; serviceId: string };

/** A service's runs, newest first. */
export async function listServiceRuns({ orgId, applicationId, serviceId, page }: ServiceScope & { page: PaginationQuery }) {
  const service = await prisma.appService.findFirst({ where: { id: serviceId, applicationId, orgId }, select: { id: true } });
  if (!service) throw notFound("Service");
  const rows = await prisma.serviceRun.findMany({
    where: { serviceId, orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: runSelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  return { items: items.map(toRunView), nextCursor };
}

/** One run with its tasks and logs. */
export async function getServiceRun({ orgId, applicationId, serviceId, runId }: ServiceScope & { runId: string }) {
  const row = await prisma.serviceRun.findFirst({
    where: { id: runId, serviceId, applicationId, orgId },
    select: { ...runSelect, tasks: true, logs: true },
  });
  if (!row) throw notFound("Run");
  return toRunDetail(row);
}
