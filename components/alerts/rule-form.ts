/**
 * The rule dialog's values and the requests they make. Scope fields hold "" for "all"; the
 * threshold is text until sent. Checked first with the same table the API uses
 * (alertRuleProblems), so most mistakes are shown before asking.
 */
import { ApiError } from "@/lib/query/api";
import {
  ALERT_KIND_INFO,
  alertRuleProblems,
  type AlertRuleKind,
  type AlertRuleView,
  type AlertSeverity,
  type CreateAlertRuleInput,
  type UpdateAlertRuleInput,
} from "@/lib/schemas/alerts";
import { DEFAULT_THRESHOLD, usesDuration } from "./alert-format";

export const SCOPE_FIELDS = ["clusterId", "nodeId", "applicationId", "service", "loadBalancerId"] as const;
export type ScopeField = (typeof SCOPE_FIELDS)[number];

export type RuleValues = {
  name: string;
  kind: AlertRuleKind;
  scope: Record<ScopeField, string>;
  threshold: string;
  forSeconds: number;
  severity: AlertSeverity;
  enabled: boolean;
  channelIds: string[];
};

const EMPTY_SCOPE: Record<ScopeField, string> = { clusterId: "", nodeId: "", applicationId: "", service: "", loadBalancerId: "" };

export function newRuleValues(kind: AlertRuleKind = "SERVICE_CPU", channelIds: string[] = []): RuleValues {
  const t = DEFAULT_THRESHOLD[kind];
  return {
    name: "",
    kind,
    scope: { ...EMPTY_SCOPE },
    threshold: t === undefined ? "" : String(t),
    forSeconds: !usesDuration(kind) ? 0 : kind === "TASK_RESTARTS" ? 300 : 60,
    severity: "WARNING",
    enabled: true,
    channelIds,
  };
}

export function ruleValues(rule: AlertRuleView): RuleValues {
  const scope = { ...EMPTY_SCOPE };
  for (const f of SCOPE_FIELDS) scope[f] = rule[f] ?? "";
  return {
    name: rule.name,
    kind: rule.kind,
    scope,
    threshold: rule.threshold === null ? "" : String(rule.threshold),
    forSeconds: rule.forSeconds,
    severity: rule.severity,
    enabled: rule.enabled,
    channelIds: rule.channels.map((c) => c.id),
  };
}

/** Another kind keeps what still applies: the name, channels, severity and the scope it shares. */
export function withKind(values: RuleValues, kind: AlertRuleKind): RuleValues {
  const fresh = newRuleValues(kind, values.channelIds);
  const scope = { ...EMPTY_SCOPE };
  for (const f of ALERT_KIND_INFO[kind].scope) scope[f] = values.scope[f];
  return { ...fresh, name: values.name, severity: values.severity, enabled: values.enabled, scope };
}

type Fields = Omit<CreateAlertRuleInput, "name" | "kind">;

function fields(values: RuleValues): { fields: Fields; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const info = ALERT_KIND_INFO[values.kind];
  let threshold: number | null = null;
  if (info.threshold) {
    const text = values.threshold.trim();
    const n = Number(text);
    if (text === "") errors.threshold = "is required";
    else if (!Number.isFinite(n)) errors.threshold = "must be a number";
    else threshold = n;
  }
  const scope = Object.fromEntries(
    SCOPE_FIELDS.map((f) => [f, info.scope.includes(f) && values.scope[f] ? values.scope[f] : null]),
  ) as Record<ScopeField, string | null>;
  const out: Fields = {
    ...scope,
    threshold,
    forSeconds: values.forSeconds,
    severity: values.severity,
    enabled: values.enabled,
    channelIds: values.channelIds,
  };
  if (!errors.threshold) for (const p of alertRuleProblems({ kind: values.kind, ...out })) errors[p.path] ??= p.message;
  return { fields: out, errors };
}

export function createInput(values: RuleValues): { input: CreateAlertRuleInput | null; errors: Record<string, string> } {
  const { fields: f, errors } = fields(values);
  if (!values.name.trim()) errors.name = "is required";
  return Object.keys(errors).length ? { input: null, errors } : { input: { name: values.name.trim(), kind: values.kind, ...f }, errors };
}

/** Only what changed, so the audit log says what was edited. */
export function updateInput(
  rule: AlertRuleView,
  values: RuleValues,
): { input: UpdateAlertRuleInput | null; errors: Record<string, string> } {
  const { fields: f, errors } = fields(values);
  if (!values.name.trim()) errors.name = "is required";
  if (Object.keys(errors).length) return { input: null, errors };
  const input: UpdateAlertRuleInput = {};
  if (values.name.trim() !== rule.name) input.name = values.name.trim();
  for (const k of SCOPE_FIELDS) if (f[k] !== rule[k]) input[k] = f[k];
  if (f.threshold !== rule.threshold) input.threshold = f.threshold;
  if (f.forSeconds !== rule.forSeconds) input.forSeconds = f.forSeconds;
  if (f.severity !== rule.severity) input.severity = f.severity;
  if (f.enabled !== rule.enabled) input.enabled = f.enabled;
  const before = rule.channels
    .map((c) => c.id)
    .sort()
    .join();
  if ([...values.channelIds].sort().join() !== before) input.channelIds = values.channelIds;
  return { input, errors };
}

/** The API's 422 by field ("body.threshold" → "threshold"; "channelIds.0" → "channelIds"). */
export function apiFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.fieldErrors())) out[key.split(".")[0] ?? key] ??= message;
  return out;
}
