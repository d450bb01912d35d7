import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { CreateAlertSilenceInput } from "@/lib/schemas/alerts";
import { auditChange } from "../audit/record-audit";
import { createInAlertmanager } from "./silence-sync";
import { silenceSelect, toSilenceView } from "./silence-view";

/**
 * Creates a silence of the caller's organisation (on one of its rules, or all of them) and its twin
 * in Alertmanager. Wharf's receiver honours the silence from the moment it is committed; if
 * Alertmanager cannot be reached now, the alerts job creates the twin when it can.
 */
export async function createAlertSilence({ ctx, input }: { ctx: OrgContext; input: CreateAlertSilenceInput }) {
  const now = Date.now();
  const startsAt = input.startsAt ? new Date(Math.max(Date.parse(input.startsAt), now)) : new Date(now);
  const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + (input.durationSeconds ?? 0) * 1000);
  const row = await prisma.$transaction(async (tx) => {
    if (input.ruleId) {
      const rule = await tx.alertRule.findFirst({ where: { id: input.ruleId, orgId: ctx.orgId }, select: { id: true } });
      if (!rule)
        throw new AppError("INVALID_INPUT", "Invalid body.ruleId: no such alert rule", [
          { path: "body.ruleId", message: "no such alert rule" },
        ]);
    }
    const created = await tx.alertSilence.create({
      data: {
        orgId: ctx.orgId,
        ruleId: input.ruleId ?? null,
        matchers: input.matchers ?? {},
        comment: input.comment,
        createdById: ctx.userId ?? ctx.tokenId,
        startsAt,
        endsAt,
      },
      select: { ...silenceSelect, orgId: true },
    });
    await auditChange(tx, ctx, "alert-silence.create", created.id, {
      ruleId: input.ruleId ?? null,
      matchers: input.matchers ?? {},
      comment: input.comment,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
    });
    return created;
  });
  await createInAlertmanager(row).catch((err: unknown) =>
    logger.warn({ err, silenceId: row.id }, "could not create the silence in Alertmanager yet; the alerts job retries"),
  );
  const { orgId: _orgId, ...view } = row;
  return toSilenceView(view);
}
