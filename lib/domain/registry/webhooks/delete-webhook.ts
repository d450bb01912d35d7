import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../../audit/record-audit";

/** Deletes a webhook; its delivery log goes with it (cascade). */
export async function deleteWebhook({ ctx, webhookId }: { ctx: OrgContext; webhookId: string }) {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.webhook.findFirst({ where: { id: webhookId, orgId: ctx.orgId }, select: { id: true, name: true } });
    if (!existing) throw notFound("Webhook");
    await tx.webhook.delete({ where: { id: existing.id } });
    await auditChange(tx, ctx, "webhook.delete", existing.id, { name: existing.name });
  });
  return { ok: true as const };
}
