/**
 * One evaluation of one rule: from the averages Prometheus gave, the rule and its state, decide
 * whether to scale, and say why in words. Pure: the evaluator (evaluate-autoscaling.ts) does the
 * reading and the writing.
 *
 * Classic step rules, not the Kubernetes HPA formula (desired = ceil(current × value / target)):
 * each action adds or removes `step` tasks, within [minInstances, maxInstances].
 *  - Scale out when ANY metric with a max is above it for `breaches` evaluations in a row.
 *  - Scale in when EVERY metric with a min is below it (and none above its max) for `breaches`.
 *  - After a scaling, scale-out waits `cooldownSeconds` and scale-in `scaleInCooldownSeconds`
 *    (stabilisation; HPA's scale-down window plays the same part).
 *  - A service outside its bounds (scaled by hand, or a rule edited) is brought back at once.
 * A crossing that would act but may not (cooldown, bounds, a release or a deployment in the way)
 * is a suppressed decision; so is an evaluation without data. Breaches keep counting while held
 * back, so the scaling happens at the first evaluation after the hold ends.
 */
import type { AutoscalingMetric } from "@/lib/schemas/autoscaling";
import { capitalise, change, checks, crossings, duration, instances, metricNames } from "./explain-decision";
import { watchedMetrics, type RuleSettings } from "./rule-settings";

export type MetricValues = Record<AutoscalingMetric, number | null>;

export type Observation =
  | { kind: "values"; values: MetricValues }
  | { kind: "unavailable"; reason: "prometheus-unreachable" | "prometheus-error"; message: string };

/** Something that owns the service for now: scaling would fight it. */
export type Hold = { reason: "release-active" | "deployment-in-progress"; detail: string } | null;

export type BreachState = { breachDirection: "out" | "in" | null; breachCount: number; lastScaledAt: Date | null };

export type DecideInput = {
  settings: RuleSettings;
  state: BreachState;
  /** The replicas the service is set to. */
  replicas: number;
  observation: Observation;
  hold: Hold;
  now: Date;
};

export type Decision = {
  action: "scale-out" | "scale-in" | "suppressed";
  /** cpu-above, memory-below…, below-min, above-max, cooldown, at-max, at-min, metric-missing, release-active… */
  reason: string;
  fromReplicas: number;
  /** The replicas after the decision (equal to fromReplicas when suppressed). */
  toReplicas: number;
  /** Averages seen (cpu, memory, inRate, outRate), the thresholds (cpuMax, cpuMin…) and `checks`. */
  values: Record<string, number | null>;
  explanation: string;
};

export type DecideResult = { breachDirection: "out" | "in" | null; breachCount: number; decision: Decision | null };

/** Counts stop here: enough to say "for 1000 checks" without growing forever. */
const MAX_COUNT = 1000;

type Crossing = { metric: AutoscalingMetric; value: number; op: ">" | "<"; threshold: number };

function recordedValues(settings: RuleSettings, observation: Observation, count: number): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const metric of watchedMetrics(settings)) {
    values[metric] = observation.kind === "values" ? observation.values[metric] : null;
    const { max, min } = settings.thresholds[metric];
    if (max !== null) values[`${metric}Max`] = max;
    if (min !== null) values[`${metric}Min`] = min;
  }
  values.checks = count;
  return values;
}

/** Which way the metrics point now, and the crossings that say so. */
function direction(settings: RuleSettings, values: MetricValues): { direction: "out" | "in" | null; crossings: Crossing[] } {
  const watched = watchedMetrics(settings);
  const above: Crossing[] = [];
  for (const metric of watched) {
    const value = values[metric];
    const { max } = settings.thresholds[metric];
    if (value !== null && max !== null && value > max) above.push({ metric, value, op: ">", threshold: max });
  }
  if (above.length) return { direction: "out", crossings: above };
  const below: Crossing[] = [];
  for (const metric of watched) {
    const value = values[metric];
    const { min } = settings.thresholds[metric];
    if (min === null) continue;
    // A metric with a min and no data holds scale-in back: never remove capacity blind.
    if (value === null || value >= min) return { direction: null, crossings: [] };
    below.push({ metric, value, op: "<", threshold: min });
  }
  return below.length ? { direction: "in", crossings: below } : { direction: null, crossings: [] };
}

const secondsSince = (then: Date | null, now: Date) => (then ? (now.getTime() - then.getTime()) / 1000 : Infinity);

export function decideScaling(input: DecideInput): DecideResult {
  const { settings, state, replicas: from, observation, hold, now } = input;
  const reset = (decision: Decision | null): DecideResult => ({ breachDirection: null, breachCount: 0, decision });
  const decision = (action: Decision["action"], reason: string, to: number, explanation: string, count = 0): Decision => ({
    action,
    reason,
    fromReplicas: from,
    toReplicas: action === "suppressed" ? from : to,
    values: recordedValues(settings, observation, count),
    explanation,
  });

  // Out of bounds: correct first, whatever the metrics say (or whether they can be read).
  if (from < settings.minInstances || from > settings.maxInstances) {
    const below = from < settings.minInstances;
    const to = below ? settings.minInstances : settings.maxInstances;
    const why = `${instances(from)} is ${below ? "below the rule's minimum" : "above the rule's maximum"} of ${below ? settings.minInstances : settings.maxInstances}`;
    if (hold) return reset(decision("suppressed", hold.reason, to, `${why}; not corrected while ${hold.detail}`));
    return reset(decision(below ? "scale-out" : "scale-in", below ? "below-min" : "above-max", to, `${why} → ${from} → ${to}`));
  }
  if (observation.kind === "unavailable")
    return reset(decision("suppressed", observation.reason, from, `${observation.message}; nothing decided`));
  const watched = watchedMetrics(settings);
  if (watched.length === 0) return reset(null);
  if (watched.every((m) => observation.values[m] === null)) {
    // Tasks being (re)started by a deployment have no samples yet: expected, not worth a record.
    if (hold?.reason === "deployment-in-progress") return reset(null);
    return reset(
      decision(
        "suppressed",
        "metric-missing",
        from,
        `No ${metricNames(watched)} data for the service's containers over the last ${duration(settings.windowSeconds)} (are its tasks running and their agents sending metrics?)`,
      ),
    );
  }

  const seen = direction(settings, observation.values);
  if (!seen.direction) return reset(null);
  const count = Math.min(MAX_COUNT, seen.direction === state.breachDirection ? state.breachCount + 1 : 1);
  const next = (d: Decision | null): DecideResult => ({ breachDirection: seen.direction, breachCount: count, decision: d });
  if (count < settings.breaches) return next(null);

  const out = seen.direction === "out";
  const what = `${capitalise(crossings(seen.crossings))} ${checks(count)}`;
  const to = out ? Math.min(settings.maxInstances, from + settings.step) : Math.max(settings.minInstances, from - settings.step);
  const suppressed = (reason: string, why: string) => next(decision("suppressed", reason, from, `${what}, but ${why}`, count));
  if (out && from >= settings.maxInstances)
    return suppressed("at-max", `the service is at its maximum of ${instances(settings.maxInstances)}`);
  if (!out && from <= settings.minInstances)
    return suppressed("at-min", `the service is at its minimum of ${instances(settings.minInstances)}`);
  const wait = out ? settings.cooldownSeconds : settings.scaleInCooldownSeconds;
  const waited = secondsSince(state.lastScaledAt, now);
  if (waited < wait) {
    const kind = out ? "cooldown" : "stabilisation";
    return suppressed(
      "cooldown",
      `scale-${out ? "out" : "in"} waits ${duration(wait)} after the last scaling (${kind}): ${duration(wait - waited)} left`,
    );
  }
  if (hold) return suppressed(hold.reason, `${hold.detail}; would have been ${change(from, to, settings.step)}`);
  const reason = `${seen.crossings[0]?.metric ?? "metric"}-${out ? "above" : "below"}`;
  return {
    breachDirection: null,
    breachCount: 0,
    decision: decision(out ? "scale-out" : "scale-in", reason, to, `${what} → ${change(from, to, settings.step)}`, count),
  };
}

/** The decision the evaluator records when carrying out a scaling failed. */
export function failedDecision(decision: Decision, reason: "failed" | "release-active", message: string): Decision {
  return {
    ...decision,
    action: "suppressed",
    reason,
    toReplicas: decision.fromReplicas,
    explanation: `${decision.explanation}: not done, ${message}`,
  };
}
