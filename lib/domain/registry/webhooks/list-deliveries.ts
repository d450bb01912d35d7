import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../../pagination";

/** A webhook's delivery log, newest first. */
export async function listDeliveries({ orgId, webhookId, page }: { orgId: string; webhookId: string; page: PaginationQuery }) {
  const hook = await prisma.webhook.findFirst({ where: { id: webhookId, orgId }, select: { id: true } });
  if (!hook) throw notFound("Webhook");
  const rows = await prisma.webhookDelivery.findMany({
    where: { webhookId: hook.id, orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      responseStatus: true,
      error: true,
      payload: true,
      createdAt: true,
      deliveredAt: true,
    },
    ...pageArgs(page),
  });
  return toPage(rows, page);
}
