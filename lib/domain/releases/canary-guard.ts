/**
 * The canary's guard rails (pure): is the new colour worse than the old one by more than the
 * release allows? Judged on the figures of the same window for both colours, so a slow shared
 * dependency does not abort a canary that is no worse than what runs now.
 */
import type { CanaryParams, ColourFigures } from "@/lib/schemas/releases";

/** Fewer requests than this to the new colour tell nothing yet. */
export const MIN_REQUESTS_TO_JUDGE = 20;

export type CanaryVerdict = { verdict: "crossed" | "within" | "insufficient"; reason: string };

const pct = (rate: number) => `${(rate * 100).toFixed(1)} %`;

export function judgeCanary(
  params: Pick<CanaryParams, "maxErrorRate" | "maxP95Ms">,
  names: { old: string; new: string },
  old: ColourFigures | null,
  next: ColourFigures | null,
): CanaryVerdict {
  if (!next || next.requests < MIN_REQUESTS_TO_JUDGE) {
    return {
      verdict: "insufficient",
      reason: `${next?.requests ?? 0} requests reached ${names.new} (at least ${MIN_REQUESTS_TO_JUDGE} are needed to judge it)`,
    };
  }
  const newRate = next.errorRate ?? 0;
  const oldRate = old?.errorRate ?? 0;
  if (newRate > oldRate + params.maxErrorRate) {
    return {
      verdict: "crossed",
      reason: `${names.new}'s error rate ${pct(newRate)} is above ${names.old}'s ${pct(oldRate)} by more than ${pct(params.maxErrorRate)}`,
    };
  }
  if (next.p95Ms !== null && next.p95Ms > params.maxP95Ms && (old?.p95Ms == null || next.p95Ms > old.p95Ms)) {
    return {
      verdict: "crossed",
      reason: `${names.new}'s p95 latency ${Math.round(next.p95Ms)} ms is above the ${params.maxP95Ms} ms limit${old?.p95Ms != null ? ` and ${names.old}'s ${Math.round(old.p95Ms)} ms` : ""}`,
    };
  }
  return {
    verdict: "within",
    reason: `${names.new}: ${pct(newRate)} errors, p95 ${next.p95Ms === null ? "n/a" : `${Math.round(next.p95Ms)} ms`} over ${next.requests} requests; ${names.old}: ${pct(oldRate)} errors`,
  };
}
