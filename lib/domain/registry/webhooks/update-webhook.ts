import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../../audit/record-audit";
import type { UpdateWebhookInput } from "@/lib/schemas/registry";
import { webhookSelect, withLastDelivery } from "./webhook-view";

export async function updateWebhook({ ctx, webhookId, input }: { ctx: OrgContext; webhookId: string; input: UpdateWebhookInput }) {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.webhook.findFirst({ where: { id: webhookId, orgId: ctx.orgId }, select: { id: true } });
    if (!existing) throw notFound("Webhook");
    const data = { ...input, ...(input.events ? { events: [...new Set(input.events)] } : {}) };
    const updated = await tx.webhook.update({ where: { id: existing.id }, data, select: webhookSelect });
    await auditChange(tx, ctx, "webhook.update", existing.id, { changed: Object.keys(input) });
    const [view] = await withLastDelivery([updated], tx);
    return view ?? { ...updated, lastDelivery: null };
  });
}
