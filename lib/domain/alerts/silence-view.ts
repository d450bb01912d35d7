import type { Prisma } from "@prisma/client";
import type { AlertSilenceView } from "@/lib/schemas/alerts";
import type { Wire } from "@/lib/schemas/endpoint";
import { silenceMatchers, silenceState } from "./silence-matches";

export const silenceSelect = {
  id: true,
  ruleId: true,
  matchers: true,
  comment: true,
  createdById: true,
  startsAt: true,
  endsAt: true,
  expiredAt: true,
  rule: { select: { name: true } },
} satisfies Prisma.AlertSilenceSelect;

type Row = Prisma.AlertSilenceGetPayload<{ select: typeof silenceSelect }>;

export function toSilenceView(row: Row, now = new Date()): Wire<AlertSilenceView> {
  const { rule, matchers, ...rest } = row;
  return { ...rest, ruleName: rule?.name ?? null, matchers: silenceMatchers(matchers), state: silenceState(row, now) };
}
