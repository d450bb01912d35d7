import type { Prisma } from "@prisma/client";
import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";

export type ListAlertsOptions = { orgId: string; state?: "FIRING" | "RESOLVED"; ruleId?: string; since?: string; page: PaginationQuery };

const labelsOf = (value: Prisma.JsonValue): Record<string, string> =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};

/** The organisation's firing and resolved alerts, newest first. */
export async function listAlerts({ orgId, state, ruleId, since, page }: ListAlertsOptions) {
  const rows = await prisma.alert.findMany({
    where: { orgId, ...(state ? { state } : {}), ...(ruleId ? { ruleId } : {}), ...(since ? { startsAt: { gte: new Date(since) } } : {}) },
    orderBy: [{ startsAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      ruleId: true,
      state: true,
      summary: true,
      labels: true,
      value: true,
      startsAt: true,
      endsAt: true,
      silencedById: true,
      lastNotifiedAt: true,
      rule: { select: { name: true, kind: true, severity: true } },
    },
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  return {
    items: items.map(({ rule, labels, ...a }) => ({
      ...a,
      labels: labelsOf(labels),
      ruleName: rule.name,
      kind: rule.kind,
      severity: rule.severity,
    })),
    nextCursor,
  };
}
