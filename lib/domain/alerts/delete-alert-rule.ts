import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { auditChange } from "../audit/record-audit";
import { expireInAlertmanager } from "./silence-sync";
import { requestRuleSync } from "./request-rule-sync";

/**
 * Deletes a rule with its history and silences. Its silences are also expired in Alertmanager
 * (after commit, best effort: they would end on their own); its alerts there resolve on their own
 * (Prometheus drops the rule at the next sync; the receiver ignores alerts of unknown rules).
 */
export async function deleteAlertRule({ ctx, ruleId }: { ctx: OrgContext; ruleId: string }) {
  const { kind, silenceIds } = await prisma.$transaction(async (tx) => {
    const row = await tx.alertRule.findFirst({ where: { id: ruleId, orgId: ctx.orgId }, select: { id: true, name: true, kind: true } });
    if (!row) throw notFound("Alert rule");
    const silences = await tx.alertSilence.findMany({
      where: { ruleId: row.id, orgId: ctx.orgId, expiredAt: null, endsAt: { gt: new Date() } },
      select: { alertmanagerId: true },
    });
    await tx.alertRule.delete({ where: { id: row.id } });
    await auditChange(tx, ctx, "alert-rule.delete", row.id, { name: row.name, kind: row.kind });
    return { kind: row.kind, silenceIds: silences.flatMap((s) => (s.alertmanagerId ? [s.alertmanagerId] : [])) };
  });
  for (const id of silenceIds)
    await expireInAlertmanager(id).catch((err: unknown) =>
      logger.warn({ err, silenceId: id }, "could not expire a deleted rule's silence in Alertmanager"),
    );
  await requestRuleSync(kind);
  return { ok: true as const };
}
