import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { auditChange } from "../audit/record-audit";
import { expireInAlertmanager } from "./silence-sync";
import { silenceSelect, toSilenceView } from "./silence-view";

/**
 * Ends a silence now: kept in the list as expired, and expired in Alertmanager (if Alertmanager
 * cannot be reached, the alerts job expires it there later). Expiring an expired one changes nothing.
 */
export async function expireAlertSilence({ ctx, silenceId }: { ctx: OrgContext; silenceId: string }) {
  const now = new Date();
  const { row, alertmanagerId } = await prisma.$transaction(async (tx) => {
    const found = await tx.alertSilence.findFirst({
      where: { id: silenceId, orgId: ctx.orgId },
      select: { id: true, expiredAt: true, endsAt: true, alertmanagerId: true },
    });
    if (!found) throw notFound("Silence");
    if (found.expiredAt === null && found.endsAt > now) {
      await tx.alertSilence.update({ where: { id: found.id }, data: { expiredAt: now } });
      await auditChange(tx, ctx, "alert-silence.expire", found.id);
    }
    return {
      row: await tx.alertSilence.findUniqueOrThrow({ where: { id: found.id }, select: silenceSelect }),
      alertmanagerId: found.alertmanagerId,
    };
  });
  if (alertmanagerId)
    await expireInAlertmanager(alertmanagerId).catch((err: unknown) =>
      logger.warn({ err, silenceId }, "could not expire the silence in Alertmanager yet; the alerts job retries"),
    );
  return toSilenceView(row, now);
}
