import type { OrgContext } from "@/lib/auth/context";
import { generateSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { UpdateNotificationChannelInput } from "@/lib/schemas/notification-channels";
import { recordAudit } from "../audit/record-audit";
import { channelSettings, openChannelSecrets, originOf, sealChannelSecrets } from "./channel-secrets";
import { getChannel } from "./channel-view";

const APPLIES: Record<"to" | "url" | "secret" | "rotateSecret", readonly string[]> = {
  to: ["EMAIL"],
  url: ["WEBHOOK", "SLACK", "DINGTALK"],
  secret: ["DINGTALK"],
  rotateSecret: ["WEBHOOK"],
};

/** Edits a channel; fields that do not apply to its kind are a 422. A rotated webhook secret is returned once. */
export async function updateChannel({
  ctx,
  channelId,
  changes,
}: {
  ctx: OrgContext;
  channelId: string;
  changes: UpdateNotificationChannelInput;
}) {
  const { view, shown } = await prisma.$transaction(async (tx) => {
    const row = await tx.notificationChannel.findFirst({
      where: { id: channelId, orgId: ctx.orgId },
      select: { id: true, kind: true, settings: true, secretEnc: true },
    });
    if (!row) throw notFound("Notification channel");
    for (const [field, kinds] of Object.entries(APPLIES)) {
      if (changes[field as keyof typeof APPLIES] !== undefined && !kinds.includes(row.kind)) {
        throw new AppError("INVALID_INPUT", `Invalid body.${field}: does not apply to ${row.kind} channels`, [
          { path: `body.${field}`, message: `does not apply to ${row.kind} channels` },
        ]);
      }
    }
    const settings = channelSettings(row.settings);
    const secrets = openChannelSecrets(row.secretEnc);
    let shownSecret: string | null = null;
    if (changes.to) settings.to = [...new Set(changes.to)];
    if (changes.url) {
      secrets.url = changes.url;
      settings.origin = originOf(changes.url);
    }
    if (changes.secret !== undefined) {
      secrets.dingtalkSecret = changes.secret ?? undefined;
      settings.signed = changes.secret !== null;
    }
    if (changes.rotateSecret) {
      shownSecret = generateSecret("whsec").secret;
      secrets.signingSecret = shownSecret;
    }
    const secretsChanged = Boolean(changes.url || changes.secret !== undefined || changes.rotateSecret);
    await tx.notificationChannel.update({
      where: { id: row.id },
      data: {
        name: changes.name,
        enabled: changes.enabled,
        settings,
        ...(secretsChanged ? { secretEnc: sealChannelSecrets(secrets) } : {}),
      },
    });
    const audited = {
      name: changes.name,
      enabled: changes.enabled,
      to: changes.to,
      url: changes.url ? settings.origin : undefined,
      secret: changes.secret === undefined ? undefined : changes.secret ? "set" : "removed",
      rotateSecret: changes.rotateSecret,
    };
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: "notification-channel.update",
      targetType: "notification-channel",
      targetId: row.id,
      details: JSON.parse(JSON.stringify(audited)) as Record<string, string>,
    });
    return { view: await getChannel({ orgId: ctx.orgId, channelId: row.id, db: tx }), shown: shownSecret };
  });
  return { ...view, secret: shown };
}
