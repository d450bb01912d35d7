/**
 * `wharf.release.*` labels: how a new version of the service is released (lib/domain/releases).
 *   wharf.release.strategy: rolling | blue-green | canary
 *   wharf.release.canary.steps: 5,25,50,100      (percent of requests to the new colour; 100 is added when missing)
 *   wharf.release.canary.hold: 60s               (each step's hold time, a duration or whole seconds)
 *   wharf.release.canary.max_error_rate: 5%      (or 0.05: allowed error rate above the old colour's)
 *   wharf.release.canary.max_p95_ms: 800         (p95 ceiling, counted only when above the old colour's p95)
 */
import type { ReleaseLabels } from "./extensions";
import type { ParseResult } from "./parse-duration";
import { parseDuration } from "./parse-duration";
import { parseIntLabel } from "./label-values";

export const RELEASE_STRATEGY_NAMES = ["rolling", "blue-green", "canary"] as const satisfies ReadonlyArray<
  NonNullable<ReleaseLabels["strategy"]>
>;
export type ReleaseStrategyName = (typeof RELEASE_STRATEGY_NAMES)[number];

export function parseReleaseStrategy(text: string): ParseResult<ReleaseStrategyName> {
  const value = text.trim().toLowerCase();
  const found = RELEASE_STRATEGY_NAMES.find((s) => s === value);
  return found ? { ok: true, value: found } : { ok: false, message: `expected one of ${RELEASE_STRATEGY_NAMES.join(", ")}, got "${text}"` };
}

export function parseCanarySteps(text: string): ParseResult<number[]> {
  const parts = text.split(",").map((p) => p.trim().replace(/%$/, ""));
  const steps: number[] = [];
  for (const part of parts) {
    const n = parseIntLabel(part, 1, 100);
    if (!n.ok) return { ok: false, message: `steps are percentages from 1 to 100 separated by commas, e.g. "5,25,50,100": ${n.message}` };
    if (steps.length && n.value <= (steps[steps.length - 1] ?? 0)) return { ok: false, message: `steps must increase, got "${text}"` };
    steps.push(n.value);
  }
  if (steps[steps.length - 1] !== 100) steps.push(100);
  if (steps.length > 10) return { ok: false, message: "at most 10 steps" };
  return { ok: true, value: steps };
}

export function parseHoldSeconds(text: string): ParseResult<number> {
  const trimmed = text.trim();
  const seconds = /^\d+$/.test(trimmed)
    ? { ok: true as const, value: Number(trimmed) }
    : (() => {
        const d = parseDuration(trimmed);
        return d.ok ? { ok: true as const, value: d.value / 1e9 } : d;
      })();
  if (!seconds.ok) return seconds;
  if (seconds.value < 5 || seconds.value > 3600) return { ok: false, message: `the hold must be from 5 s to 1 h, got "${text}"` };
  return { ok: true, value: Math.round(seconds.value) };
}

export function parseErrorRate(text: string): ParseResult<number> {
  const trimmed = text.trim();
  const percent = trimmed.endsWith("%");
  const number = Number(percent ? trimmed.slice(0, -1) : trimmed);
  if (!/^\d+(\.\d+)?%?$/.test(trimmed) || !Number.isFinite(number))
    return { ok: false, message: `expected a rate such as "5%" or "0.05", got "${text}"` };
  const rate = percent ? number / 100 : number;
  if (rate < 0 || rate > 1) return { ok: false, message: `must be from 0 to 1 (0% to 100%), got "${text}"` };
  return { ok: true, value: rate };
}
