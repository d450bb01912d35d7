/** Whether a silence holds back an alert's notifications (pure). */

export type SilenceForMatch = {
  id: string;
  orgId: string;
  ruleId: string | null;
  matchers: unknown;
  startsAt: Date;
  endsAt: Date;
  expiredAt: Date | null;
};

/** The extra matchers as stored (a JSON object of label → value); anything else matches nothing extra. */
export function silenceMatchers(matchers: unknown): Record<string, string> {
  if (!matchers || typeof matchers !== "object" || Array.isArray(matchers)) return {};
  return Object.fromEntries(Object.entries(matchers).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export function silenceActive(s: Pick<SilenceForMatch, "startsAt" | "endsAt" | "expiredAt">, at: Date): boolean {
  return s.expiredAt === null && s.startsAt.getTime() <= at.getTime() && at.getTime() < s.endsAt.getTime();
}

export function silenceMatches(
  s: SilenceForMatch,
  alert: { orgId: string; ruleId: string; labels: Record<string, string> },
  at: Date,
): boolean {
  if (s.orgId !== alert.orgId || !silenceActive(s, at)) return false;
  if (s.ruleId !== null && s.ruleId !== alert.ruleId) return false;
  return Object.entries(silenceMatchers(s.matchers)).every(([name, value]) => alert.labels[name] === value);
}

/** Its state for the API: pending before it starts, expired after it ends or was ended. */
export function silenceState(s: Pick<SilenceForMatch, "startsAt" | "endsAt" | "expiredAt">, at: Date): "active" | "pending" | "expired" {
  if (s.expiredAt !== null || at.getTime() >= s.endsAt.getTime()) return "expired";
  return at.getTime() < s.startsAt.getTime() ? "pending" : "active";
}
