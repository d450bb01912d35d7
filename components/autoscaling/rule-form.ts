/**
 * The Edit dialog's form values: one text per field, keyed by the API's field path
 * ("thresholds.cpu.max", "minInstances") so the API's errors land on the right input. Rates are
 * typed in KiB/s and sent in bytes per second.
 */
import { ApiError } from "@/lib/query/api";
import {
  AUTOSCALING_METRICS,
  type AutoscalingMetric,
  type AutoscalingRuleView,
  type UpdateAutoscalingRuleInput,
} from "@/lib/schemas/autoscaling";
import { METRIC_TITLES } from "./rule-format";

export const SETTING_FIELDS = [
  { key: "minInstances", label: "Minimum instances", hint: "Scale-in never goes below" },
  { key: "maxInstances", label: "Maximum instances", hint: "Scale-out never goes above" },
  { key: "step", label: "Step", hint: "Instances added or removed at a time (1-5)" },
  { key: "windowSeconds", label: "Window (seconds)", hint: "Each check averages this long" },
  { key: "breaches", label: "Checks in a row", hint: "Crossings needed before acting" },
  { key: "cooldownSeconds", label: "Cooldown (seconds)", hint: "After a scaling, before the next scale-out" },
  { key: "scaleInCooldownSeconds", label: "Scale-in cooldown (seconds)", hint: "After any scaling, before a scale-in" },
] as const;
const SETTINGS = SETTING_FIELDS.map((f) => f.key);
type Setting = (typeof SETTINGS)[number];

export const THRESHOLD_UNIT: Record<AutoscalingMetric, string> = { cpu: "%", memory: "%", inRate: "KiB/s", outRate: "KiB/s" };
const BOUND_WORDS = { max: "scale out above", min: "scale in below" } as const;
/** The accessible name of a threshold's input: "CPU: scale out above (%)". */
export const thresholdLabel = (metric: AutoscalingMetric, bound: "max" | "min") =>
  `${METRIC_TITLES[metric]}: ${BOUND_WORDS[bound]} (${THRESHOLD_UNIT[metric]})`;

export type FormValues = Record<string, string>;

const isRate = (metric: AutoscalingMetric) => metric === "inRate" || metric === "outRate";
export const thresholdKey = (metric: AutoscalingMetric, bound: "max" | "min") => `thresholds.${metric}.${bound}`;

const KIB = 1024;
const shown = (metric: AutoscalingMetric, value: number | null) =>
  value === null ? "" : String(isRate(metric) ? Math.round((value / KIB) * 100) / 100 : value);

export function formValues(rule: AutoscalingRuleView): FormValues {
  const values: FormValues = {};
  for (const m of AUTOSCALING_METRICS)
    for (const bound of ["max", "min"] as const) values[thresholdKey(m, bound)] = shown(m, rule.thresholds[m][bound]);
  for (const s of SETTINGS) values[s] = String(rule[s]);
  return values;
}

type Parsed = { input: UpdateAutoscalingRuleInput; errors: Record<string, string> };

/**
 * The changes the form makes to the rule (only fields that differ, so the audit log says what was
 * edited). Only "is it a number" is checked here: ranges, the gap between thresholds and the bounds
 * are the API's to judge, in one place, with the same words as for labels.
 */
export function changesFrom(rule: AutoscalingRuleView, values: FormValues): Parsed {
  const errors: Record<string, string> = {};
  const input: UpdateAutoscalingRuleInput = {};
  const number = (key: string): number | null | undefined => {
    const text = (values[key] ?? "").trim();
    if (text === "") return null;
    const n = Number(text);
    if (!Number.isFinite(n)) errors[key] = "must be a number";
    return Number.isFinite(n) ? n : undefined;
  };
  for (const m of AUTOSCALING_METRICS) {
    for (const bound of ["max", "min"] as const) {
      const typed = number(thresholdKey(m, bound));
      if (typed === undefined) continue;
      const value = typed !== null && isRate(m) ? Math.round(typed * KIB) : typed;
      if (value === rule.thresholds[m][bound]) continue;
      input.thresholds = { ...input.thresholds, [m]: { ...input.thresholds?.[m], [bound]: value } };
    }
  }
  for (const s of SETTINGS) {
    const typed = number(s);
    if (typed === null) errors[s] = "required";
    else if (typed !== undefined && typed !== rule[s]) (input as Record<Setting, number>)[s] = typed;
  }
  return { input, errors };
}

/** An API field name in a message as the form calls it: "thresholds.cpu.min" → "CPU scale in below". */
export function inFormWords(message: string): string {
  return message
    .replace(
      /thresholds\.(cpu|memory|inRate|outRate)\.(max|min)/g,
      (_m, metric: AutoscalingMetric, bound: "max" | "min") => `${METRIC_TITLES[metric]} ${BOUND_WORDS[bound]}`,
    )
    .replace(
      /\b(minInstances|maxInstances|step|windowSeconds|breaches|cooldownSeconds|scaleInCooldownSeconds)\b/g,
      (key) => SETTING_FIELDS.find((f) => f.key === key)?.label.toLowerCase() ?? key,
    );
}

/**
 * The API's field errors by form key, in the form's words: a 400 from the rule checks
 * ({ problems: [{ field }] }) or a 422 from the schema ([{ path: "body.thresholds.cpu.max" }]).
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const details = error.details as
    { problems?: Array<{ field: string; message: string }> } | Array<{ path: string; message: string }> | undefined;
  const list = Array.isArray(details)
    ? details.map((d) => ({ field: d.path.replace(/^body\./, ""), message: d.message }))
    : (details?.problems ?? []);
  const out: Record<string, string> = {};
  for (const { field, message } of list) out[field] ??= inFormWords(message);
  return out;
}
