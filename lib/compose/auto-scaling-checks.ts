/**
 * Limits and cross-field checks of an autoscaling rule, shared by the labels (compile time, located
 * issues) and the console's edits (lib/domain/autoscaling: a 400 with the same words), and Wharf's
 * timing defaults.
 */
import type { ParseResult } from "./parse-duration";
import { parseDuration } from "./parse-duration";

// Limits from the Aliyun console these labels come from: scale out at 50-100 %, scale in at
// 0-50 %, and at least 30 points between the two so a scale-out does not immediately trigger a
// scale-in (flapping).
export const PERCENT_OUT = [50, 100] as const;
export const PERCENT_IN = [0, 50] as const;
export const MIN_GAP = 30;
export const MAX_RATE = 100 * 1024 ** 3;
export const INSTANCES = [1, 1000] as const;
export const STEP = [1, 5] as const;
/** Timing limits (seconds, evaluations); the API's update schema uses the same. */
export const WINDOW_SECONDS = [10, 3600] as const;
export const COOLDOWN_SECONDS = [0, 86_400] as const;
export const BREACHES = [1, 60] as const;

/**
 * Wharf's timing defaults. The classic service averaged each metric over 1 minute, evaluated once a
 * minute and acted after 3 breaches in a row: about 3 minutes from a surge to a decision. Wharf's
 * goal is load → decision → new tasks serving in 15 s (at most 30 s). Most of that goes before the
 * evaluator sees anything: the agent samples every 10 s (METRICS_INTERVAL_SECONDS), so the first
 * sample taken wholly under load comes 10-20 s after the load starts. Hence:
 *  - window 10 s: each agent sample is already an average over its 10 s interval; a longer window
 *    mostly adds delay (a 20 s window needs ~14 s of high samples to pass 70 %). 10 s holds two
 *    scrapes at the 5 s scrape interval, so one late scrape does not read as missing data.
 *  - breaches 1, evaluated every AUTOSCALING_EVALUATE_SECONDS (5 s): the window average of 10 s
 *    samples is already 10-20 s of sustained load, and a second breach would cost 5 s more —
 *    measured, window 10 s + 2 breaches put load → decision at ~25 s (1 s scrapes) and the total
 *    past 30 s at the default 5 s scrapes. Like Kubernetes' HPA, which scales up on one reading.
 *    Rules that want more certainty set wharf.autoscaling.breaches.
 *  - cooldown 60 s after a scaling before the next scale-out: new tasks need a few seconds to start
 *    and one or two samples before their (lower) load counts in the average; scaling again before
 *    that would act on a stale picture and overshoot.
 *  - scale-in waits 180 s after any scaling (stabilisation, like HPA's 300 s scale-down window):
 *    removing capacity too early after a surge is what makes rules flap, and a few extra tasks for
 *    three minutes cost little.
 */
export const AUTO_SCALING_DEFAULTS = { windowSeconds: 10, cooldownSeconds: 60, scaleInCooldownSeconds: 180, breaches: 1 } as const;

/** The thresholds of a rule by label metric name; `null` or absent means "not watched". */
export type ThresholdSet = Partial<
  Record<"cpu" | "memory" | "internetInRate" | "internetOutRate", { max?: number | null; min?: number | null }>
>;
export const PERCENT_METRICS = ["cpu", "memory"] as const;
export const RATE_METRICS = ["internetOutRate", "internetInRate"] as const;

export type RuleProblem = {
  /** The label field concerned ("min_cpu", "max_instances"…). */
  field: string;
  message: string;
};

/**
 * Range and cross-field checks: percent thresholds within 50-100 (max) and 0-50 (min) with a
 * 30-point gap, rate min below max, 1 ≤ min_instances ≤ max_instances. `name` spells a field the
 * way the caller's user wrote it (a label, or an API field).
 */
export function ruleProblems(
  rule: { thresholds: ThresholdSet; minInstances: number; maxInstances: number },
  name: (field: string) => string,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  for (const metric of PERCENT_METRICS) {
    const { max, min } = rule.thresholds[metric] ?? {};
    if (max != null && (max < PERCENT_OUT[0] || max > PERCENT_OUT[1]))
      problem(`max_${metric}`, `${name(`max_${metric}`)} must be from ${PERCENT_OUT[0]} to ${PERCENT_OUT[1]} %, got ${max}`);
    if (min != null && (min < PERCENT_IN[0] || min > PERCENT_IN[1]))
      problem(`min_${metric}`, `${name(`min_${metric}`)} must be from ${PERCENT_IN[0]} to ${PERCENT_IN[1]} %, got ${min}`);
    if (max != null && min != null && max - min < MIN_GAP) {
      problem(
        `min_${metric}`,
        `${name(`min_${metric}`)} (${min}) must be at least ${MIN_GAP} points below ${name(`max_${metric}`)} (${max}) to avoid flapping`,
      );
    }
  }
  for (const metric of RATE_METRICS) {
    const { max, min } = rule.thresholds[metric] ?? {};
    if (max != null && min != null && min >= max)
      problem(`min_${metric}`, `${name(`min_${metric}`)} (${min}) must be below ${name(`max_${metric}`)} (${max})`);
  }
  if (rule.minInstances > rule.maxInstances) {
    problem("min_instances", `${name("min_instances")} (${rule.minInstances}) is above ${name("max_instances")} (${rule.maxInstances})`);
  }
  return problems;
}

/** Seconds as a duration ("30s", "2m", "1m30s") or a whole number of seconds ("30"). */
export function parseSecondsLabel(text: string, min: number, max: number): ParseResult<number> {
  const trimmed = text.trim();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const parsed = parseDuration(trimmed);
    if (!parsed.ok) return parsed;
    seconds = Math.round(parsed.value / 1e9);
  }
  if (seconds < min || seconds > max) return { ok: false, message: `must be from ${min} s to ${max} s, got "${text}"` };
  return { ok: true, value: seconds };
}
