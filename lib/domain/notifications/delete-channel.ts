import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";

/** Deletes a channel with its delivery log; rules that named it stop notifying it. */
export async function deleteChannel({ ctx, channelId }: { ctx: OrgContext; channelId: string }) {
  await prisma.$transaction(async (tx) => {
    const row = await tx.notificationChannel.findFirst({
      where: { id: channelId, orgId: ctx.orgId },
      select: { id: true, name: true, kind: true },
    });
    if (!row) throw notFound("Notification channel");
    await tx.notificationChannel.delete({ where: { id: row.id } });
    await auditChange(tx, ctx, "notification-channel.delete", row.id, { name: row.name, kind: row.kind });
  });
  return { ok: true as const };
}
