import { prisma } from "@/lib/db";
import { webhookSelect, withLastDelivery } from "./webhook-view";

/** Outgoing webhooks of the organisation (secrets stay encrypted and are never returned). */
export async function listWebhooks({ orgId }: { orgId: string }) {
  const rows = await prisma.webhook.findMany({ where: { orgId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: webhookSelect });
  return { items: await withLastDelivery(rows) };
}
