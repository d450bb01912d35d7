import type { OrgContext } from "@/lib/auth/context";
import { generateSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import type { CreateNotificationChannelInput } from "@/lib/schemas/notification-channels";
import { auditChange } from "../audit/record-audit";
import { originOf, sealChannelSecrets, type ChannelSecrets, type ChannelSettings } from "./channel-secrets";
import { getChannel } from "./channel-view";

/** What a new channel stores: settings in clear, the rest sealed; a generic webhook gets a fresh signing secret. */
function storedParts(input: CreateNotificationChannelInput): {
  settings: ChannelSettings;
  secrets: ChannelSecrets | null;
  shown: string | null;
} {
  switch (input.kind) {
    case "EMAIL":
      return { settings: { to: [...new Set(input.to)] }, secrets: null, shown: null };
    case "WEBHOOK": {
      const { secret } = generateSecret("whsec");
      return { settings: { origin: originOf(input.url) }, secrets: { url: input.url, signingSecret: secret }, shown: secret };
    }
    case "SLACK":
      return { settings: { origin: originOf(input.url) }, secrets: { url: input.url }, shown: null };
    case "DINGTALK":
      return {
        settings: { origin: originOf(input.url), signed: Boolean(input.secret) },
        secrets: { url: input.url, dingtalkSecret: input.secret },
        shown: null,
      };
  }
}

/** Creates a channel of the caller's organisation; a generic webhook's signing secret is returned once. */
export async function createChannel({ ctx, input }: { ctx: OrgContext; input: CreateNotificationChannelInput }) {
  const { settings, secrets, shown } = storedParts(input);
  const view = await prisma.$transaction(async (tx) => {
    const created = await tx.notificationChannel.create({
      data: {
        orgId: ctx.orgId,
        name: input.name,
        kind: input.kind,
        enabled: input.enabled ?? true,
        settings,
        secretEnc: secrets ? sealChannelSecrets(secrets) : null,
      },
      select: { id: true },
    });
    // Never the URL (a token) or secrets: the kind, name, and what the console shows anyway.
    await auditChange(tx, ctx, "notification-channel.create", created.id, { name: input.name, kind: input.kind, ...settings });
    return getChannel({ orgId: ctx.orgId, channelId: created.id, db: tx });
  });
  return { ...view, secret: shown };
}
