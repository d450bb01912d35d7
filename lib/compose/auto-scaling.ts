import { hint } from "./did-you-mean";
import type { AutoScaling, Threshold } from "./extensions";
import type { IssueList } from "./issue-list";
import { parseIntLabel, parseNumberLabel, readLabel } from "./label-values";
import type { ParseResult } from "./parse-duration";
import type { PathSegment } from "./types";

/** One `auto_scaling.<field>` label as written. */
export interface AutoScalingEntry {
  value: string;
  path: PathSegment[];
  label: string;
}

const PERCENT_METRICS = { cpu: "cpu", memory: "memory" } as const;
const RATE_METRICS = { internetOutRate: "internetOutRate", internetInRate: "internetInRate" } as const;
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
];

// Limits from the Aliyun console these labels come from: scale out at 50-100 %, scale in at
// 0-50 %, and at least 30 points between the two so a scale-out does not immediately trigger a
// scale-in (flapping).
const PERCENT_OUT = [50, 100] as const;
const PERCENT_IN = [0, 50] as const;
const MIN_GAP = 30;
const MAX_RATE = 100 * 1024 ** 3;

export interface AutoScalingContext {
  mode: string;
  replicas?: number;
  /** Path for issues that concern the rule as a whole. */
  path: PathSegment[];
}

/**
 * Builds the autoscaling rule from its labels with the same sanity checks as the console:
 * percent thresholds in range with a 30-point gap, step 1-5, 1 ≤ min_instances ≤ max_instances.
 */
export function buildAutoScaling(entries: Map<string, AutoScalingEntry>, ctx: AutoScalingContext, issues: IssueList): AutoScaling | undefined {
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
    step: read("step", (t) => parseIntLabel(t, 1, 5)) ?? 1,
    minInstances: read("min_instances", (t) => parseIntLabel(t, 1, 1000)) ?? 1,
    maxInstances: read("max_instances", (t) => parseIntLabel(t, 1, 1000)) ?? 10,
  };
  for (const metric of Object.values(PERCENT_METRICS)) {
    const max = read(`max_${metric}`, (t) => parseNumberLabel(t, PERCENT_OUT[0], PERCENT_OUT[1]));
    const min = read(`min_${metric}`, (t) => parseNumberLabel(t, PERCENT_IN[0], PERCENT_IN[1]));
    if (max !== undefined && min !== undefined && max - min < MIN_GAP) {
      issues.error("conflict", entries.get(`min_${metric}`)?.path ?? ctx.path, `auto_scaling.min_${metric} (${min}) must be at least ${MIN_GAP} points below max_${metric} (${max}) to avoid flapping`);
      failed = true;
    }
    if (max !== undefined || min !== undefined) rule[metric] = threshold(max, min);
  }
  for (const metric of Object.values(RATE_METRICS)) {
    const max = read(`max_${metric}`, (t) => parseNumberLabel(t, 0, MAX_RATE));
    const min = read(`min_${metric}`, (t) => parseNumberLabel(t, 0, MAX_RATE));
    if (max !== undefined && min !== undefined && min >= max) {
      issues.error("conflict", entries.get(`min_${metric}`)?.path ?? ctx.path, `auto_scaling.min_${metric} must be below max_${metric}`);
      failed = true;
    }
    if (max !== undefined || min !== undefined) rule[metric] = threshold(max, min);
  }
  if (rule.minInstances > rule.maxInstances) {
    issues.error("conflict", entries.get("min_instances")?.path ?? entries.get("max_instances")?.path ?? ctx.path, `auto_scaling.min_instances (${rule.minInstances}) is above max_instances (${rule.maxInstances})`);
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
    issues.warn("conflict", ctx.path, `the service starts with ${ctx.replicas} replicas, outside the autoscaling bounds ${rule.minInstances}-${rule.maxInstances}; the first evaluation will correct it`);
  }
  return rule;
}

function threshold(max: number | undefined, min: number | undefined): Threshold {
  const out: Threshold = {};
  if (max !== undefined) out.max = max;
  if (min !== undefined) out.min = min;
  return out;
}
