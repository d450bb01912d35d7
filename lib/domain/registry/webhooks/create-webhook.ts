import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret, generateSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { WEBHOOK_EVENTS, type CreateWebhookInput } from "@/lib/schemas/registry";
import { auditChange } from "../../audit/record-audit";
import { webhookSelect } from "./webhook-view";

/** Creates a webhook with a fresh signing secret, returned once and stored encrypted. */
export async function createWebhook({ ctx, input }: { ctx: OrgContext; input: CreateWebhookInput }) {
  const { secret } = generateSecret("whsec");
  const events = [...new Set(input.events ?? WEBHOOK_EVENTS)];
  const hook = await prisma.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: {
        orgId: ctx.orgId,
        name: input.name,
        url: input.url,
        secretEnc: encryptSecret(secret),
        events,
        enabled: input.enabled ?? true,
      },
      select: webhookSelect,
    });
    await auditChange(tx, ctx, "webhook.create", created.id, { name: input.name, url: input.url, events });
    return created;
  });
  return { ...hook, lastDelivery: null, secret };
}
