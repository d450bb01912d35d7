import { hint } from "./did-you-mean";
import {
  AUTO_SCALING_DEFAULTS,
  BREACHES,
  COOLDOWN_SECONDS,
  INSTANCES,
  MAX_RATE,
  PERCENT_IN,
  PERCENT_METRICS,
  PERCENT_OUT,
  RATE_METRICS,
  STEP,
  WINDOW_SECONDS,
  parseSecondsLabel,
  ruleProblems,
} from "./auto-scaling-checks";
import type { AutoScaling, Threshold } from "./extensions";
import type { IssueList } from "./issue-list";
import { parseIntLabel, parseNumberLabel, readLabel } from "./label-values";
import type { ParseResult } from "./parse-duration";
import type { PathSegment } from "./types";

/** One `auto_scaling.<field>` / `autoscaling.<field>` label as written. */
export interface AutoScalingEntry {
  value: string;
  path: PathSegment[];
  label: string;
}

export const AUTO_SCALING_FIELDS = [
  "max_cpu",
  "min_cpu",
  "max_memory",
  "min_memory",
  "max_internetOutRate",
  "min_internetOutRate",
  "max_internetInRate",
  "min_internetInRate",
  "step",
  "min_instances",
  "max_instances",
  // Wharf's own (the classic service had fixed timings):
  "window",
  "cooldown",
  "scale_in_cooldown",
  "breaches",
];

/** Wharf's spelling (`wharf.autoscaling.*`) wins over the classic one (`*.auto_scaling.*`), which wins over the documented typo. */
const SPELLING_RANK: Array<[RegExp, number]> = [
  [/(^|\.)autoscaling\./, 2],
  [/(^|\.)auto_scaling\./, 1],
];
const rank = (label: string) => SPELLING_RANK.find(([pattern]) => pattern.test(label))?.[1] ?? 0;

/**
 * Adds one autoscaling label to the service's set. The same field under two spellings
 * (`wharf.autoscaling.max_cpu` and `aliyun.auto_scaling.max_cpu`) keeps Wharf's, with a warning
 * when the values differ (the same rule wharf./aliyun. twins follow).
 */
export function addAutoScalingEntry(
  entries: Map<string, AutoScalingEntry>,
  field: string,
  entry: AutoScalingEntry,
  issues: IssueList,
): void {
  const existing = entries.get(field);
  if (!existing) return void entries.set(field, entry);
  const [kept, ignored] = rank(entry.label) > rank(existing.label) ? [entry, existing] : [existing, entry];
  if (kept.value !== ignored.value)
    issues.warn("conflict", ignored.path, `${ignored.label} is ignored because ${kept.label} is also set`, "key");
  entries.set(field, kept);
}

export interface AutoScalingContext {
  mode: string;
  replicas?: number;
  /** Path for issues that concern the rule as a whole. */
  path: PathSegment[];
}

/**
 * Builds the autoscaling rule from its labels with the same sanity checks as the console:
 * percent thresholds in range with a 30-point gap, step 1-5, 1 ≤ min_instances ≤ max_instances.
 * Timings not given take Wharf's defaults (AUTO_SCALING_DEFAULTS, which says why they differ from
 * the classic service's).
 */
export function buildAutoScaling(
  entries: Map<string, AutoScalingEntry>,
  ctx: AutoScalingContext,
  issues: IssueList,
): AutoScaling | undefined {
  if (entries.size === 0) return undefined;
  let failed = false;
  const read = (field: string, parse: (text: string) => ParseResult<number>): number | undefined => {
    const entry = entries.get(field);
    if (!entry) return undefined;
    const value = readLabel(issues, entry, parse(entry.value));
    if (value === undefined) failed = true;
    return value;
  };
  for (const [field, entry] of entries) {
    if (!AUTO_SCALING_FIELDS.includes(field)) {
      issues.error("unknown-key", entry.path, `unknown autoscaling label "${entry.label}"${hint(field, AUTO_SCALING_FIELDS)}`, "key");
      failed = true;
    }
  }

  const rule: AutoScaling = {
    step: read("step", (t) => parseIntLabel(t, ...STEP)) ?? 1,
    minInstances: read("min_instances", (t) => parseIntLabel(t, ...INSTANCES)) ?? 1,
    maxInstances: read("max_instances", (t) => parseIntLabel(t, ...INSTANCES)) ?? 10,
    windowSeconds: read("window", (t) => parseSecondsLabel(t, ...WINDOW_SECONDS)) ?? AUTO_SCALING_DEFAULTS.windowSeconds,
    cooldownSeconds: read("cooldown", (t) => parseSecondsLabel(t, ...COOLDOWN_SECONDS)) ?? AUTO_SCALING_DEFAULTS.cooldownSeconds,
    scaleInCooldownSeconds:
      read("scale_in_cooldown", (t) => parseSecondsLabel(t, ...COOLDOWN_SECONDS)) ?? AUTO_SCALING_DEFAULTS.scaleInCooldownSeconds,
    breaches: read("breaches", (t) => parseIntLabel(t, ...BREACHES)) ?? AUTO_SCALING_DEFAULTS.breaches,
  };
  for (const metric of PERCENT_METRICS) {
    const max = read(`max_${metric}`, (t) => parseNumberLabel(t, ...PERCENT_OUT));
    const min = read(`min_${metric}`, (t) => parseNumberLabel(t, ...PERCENT_IN));
    if (max !== undefined || min !== undefined) rule[metric] = threshold(max, min);
  }
  for (const metric of RATE_METRICS) {
    const max = read(`max_${metric}`, (t) => parseNumberLabel(t, 0, MAX_RATE));
    const min = read(`min_${metric}`, (t) => parseNumberLabel(t, 0, MAX_RATE));
    if (max !== undefined || min !== undefined) rule[metric] = threshold(max, min);
  }
  for (const { field, message } of ruleProblems(
    { thresholds: rule, minInstances: rule.minInstances, maxInstances: rule.maxInstances },
    (f) => entries.get(f)?.label ?? `auto_scaling.${f}`,
  )) {
    issues.error("conflict", entries.get(field)?.path ?? ctx.path, message);
    failed = true;
  }
  if (ctx.mode !== "replicated") {
    issues.error("conflict", ctx.path, `autoscaling needs a replicated service; this one runs in ${ctx.mode} mode`);
    failed = true;
  }
  if (failed) return undefined;
  if (!rule.cpu && !rule.memory && !rule.internetInRate && !rule.internetOutRate) {
    issues.warn("invalid", ctx.path, "autoscaling labels without a max_/min_ threshold never trigger; add e.g. auto_scaling.max_cpu");
  }
  if (rule.cpu && rule.memory) {
    issues.warn("conflict", ctx.path, "CPU and memory autoscaling rules on one service can work against each other; prefer one metric");
  }
  if (ctx.replicas !== undefined && (ctx.replicas < rule.minInstances || ctx.replicas > rule.maxInstances)) {
    issues.warn(
      "conflict",
      ctx.path,
      `the service starts with ${ctx.replicas} replicas, outside the autoscaling bounds ${rule.minInstances}-${rule.maxInstances}; the first evaluation will correct it`,
    );
  }
  return rule;
}

function threshold(max: number | undefined, min: number | undefined): Threshold {
  const out: Threshold = {};
  if (max !== undefined) out.max = max;
  if (min !== undefined) out.min = min;
  return out;
}
