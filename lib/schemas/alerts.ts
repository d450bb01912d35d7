/**
 * Alert rules, their firing and resolved history, and silences (API and console).
 *
 * Metric rules are written as Prometheus alerting rules and evaluated by Prometheus; event rules
 * are raised by Wharf itself. Both are routed through Alertmanager back to Wharf, which records
 * each firing (an Alert) and notifies the rule's channels unless a silence holds them back.
 */
import { z } from "zod";
import { idSchema, isoDateSchema, listOf, okSchema, pageOf, paginationQuerySchema } from "./common";
import { endpoint } from "./endpoint";

/** Evaluated by Prometheus from the series the agents report. */
export const METRIC_ALERT_KINDS = [
  "SERVICE_CPU",
  "SERVICE_MEMORY",
  "NODE_CPU",
  "NODE_MEMORY",
  "TASK_RESTARTS",
  "LB_5XX_RATE",
  "LB_NO_HEALTHY_BACKEND",
] as const;
/** Raised by Wharf when the event happens (and resolved when it is over, where that has a meaning). */
export const EVENT_ALERT_KINDS = [
  "NODE_UNREACHABLE",
  "DEPLOYMENT_FAILED",
  "RELEASE_FAILED",
  "AUTOSCALING_AT_MAX",
  "REGISTRY_QUOTA",
] as const;
export const ALERT_RULE_KINDS = [...METRIC_ALERT_KINDS, ...EVENT_ALERT_KINDS] as const;
export const alertRuleKindSchema = z.enum(ALERT_RULE_KINDS);
export type AlertRuleKind = z.infer<typeof alertRuleKindSchema>;

export const ALERT_SEVERITIES = ["INFO", "WARNING", "CRITICAL"] as const;
export const alertSeveritySchema = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

type AlertScopeField = "clusterId" | "nodeId" | "applicationId" | "service" | "loadBalancerId";

// What a rule about a service, a node or a load balancer is narrowed by.
const SERVICE_SCOPE: readonly AlertScopeField[] = ["clusterId", "applicationId", "service"];
const NODE_SCOPE: readonly AlertScopeField[] = ["clusterId", "nodeId"];
const LB_SCOPE: readonly AlertScopeField[] = ["clusterId", "loadBalancerId"];

/** A threshold in per cent, 0 to 100 unless the kind allows more (or less). */
const percent = (help: string, { min = 0, max = 100 }: { min?: number; max?: number } = {}) => ({
  unit: "percent" as const,
  min,
  max,
  help,
});

/**
 * What each kind needs and means: `threshold` (its unit), which scope fields apply. The console
 * builds its form from this table; the API checks requests against it.
 */
export const ALERT_KIND_INFO: Record<
  AlertRuleKind,
  {
    label: string;
    threshold: null | { unit: "percent" | "count"; min: number; max: number; help: string };
    scope: readonly AlertScopeField[];
    evaluatedBy: "prometheus" | "wharf";
  }
> = {
  SERVICE_CPU: {
    label: "Service CPU",
    threshold: percent("average CPU of the service's containers above this % (100 = one core)", { max: 100_000 }),
    scope: SERVICE_SCOPE,
    evaluatedBy: "prometheus",
  },
  SERVICE_MEMORY: {
    label: "Service memory",
    threshold: percent("average memory of the service's containers above this % of their limit"),
    scope: SERVICE_SCOPE,
    evaluatedBy: "prometheus",
  },
  NODE_CPU: { label: "Node CPU", threshold: percent("node CPU above this %"), scope: NODE_SCOPE, evaluatedBy: "prometheus" },
  NODE_MEMORY: {
    label: "Node memory",
    threshold: percent("node memory used above this % of its total"),
    scope: NODE_SCOPE,
    evaluatedBy: "prometheus",
  },
  TASK_RESTARTS: {
    label: "Task restarts",
    threshold: { unit: "count", min: 1, max: 10_000, help: "a task restarted at least this many times within the rule's duration" },
    scope: SERVICE_SCOPE,
    evaluatedBy: "prometheus",
  },
  LB_5XX_RATE: {
    label: "Load balancer 5xx rate",
    threshold: percent("5xx answers above this % of a listener's requests"),
    scope: LB_SCOPE,
    evaluatedBy: "wharf",
  },
  LB_NO_HEALTHY_BACKEND: { label: "No healthy backend", threshold: null, scope: LB_SCOPE, evaluatedBy: "wharf" },
  NODE_UNREACHABLE: { label: "Node unreachable or down", threshold: null, scope: NODE_SCOPE, evaluatedBy: "wharf" },
  DEPLOYMENT_FAILED: { label: "Deployment failed", threshold: null, scope: SERVICE_SCOPE, evaluatedBy: "wharf" },
  RELEASE_FAILED: { label: "Release failed", threshold: null, scope: ["clusterId", "applicationId"], evaluatedBy: "wharf" },
  AUTOSCALING_AT_MAX: { label: "Autoscaling at its maximum", threshold: null, scope: SERVICE_SCOPE, evaluatedBy: "wharf" },
  REGISTRY_QUOTA: {
    label: "Registry storage over quota",
    threshold: percent("the organisation's registry storage above this % of its quota", { min: 1 }),
    scope: [],
    evaluatedBy: "wharf",
  },
};

/**
 * Labels an alert may carry besides `org`, `rule` and `severity`, and the only ones a silence may
 * match on (values as the alert shows them: ids for cluster, node, load balancer; compose names
 * for application and service; a listener as "<protocol>:<port>[/<route>]").
 */
export const ALERT_SUBJECT_LABELS = ["cluster", "node", "application", "service", "task", "load_balancer", "listener"] as const;
export const alertSubjectLabelSchema = z.enum(ALERT_SUBJECT_LABELS);

const channelRefSchema = z.object({ id: idSchema, name: z.string(), kind: z.enum(["EMAIL", "WEBHOOK", "SLACK", "DINGTALK"]) });

export const alertRuleSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: alertRuleKindSchema,
  /** "prometheus": a metric rule Prometheus evaluates; "wharf": raised by Wharf. */
  evaluatedBy: z.enum(["prometheus", "wharf"]),
  clusterId: idSchema.nullable(),
  nodeId: idSchema.nullable(),
  applicationId: idSchema.nullable(),
  service: z.string().nullable(),
  loadBalancerId: idSchema.nullable(),
  threshold: z.number().nullable(),
  forSeconds: z.number().int(),
  severity: alertSeveritySchema,
  enabled: z.boolean(),
  channels: z.array(channelRefSchema),
  /** Alerts of this rule firing now. */
  firing: z.number().int(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type AlertRuleView = z.infer<typeof alertRuleSchema>;

const ruleName = z.string().trim().min(1, "is required").max(80);
const composeName = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, "must be a compose service name");
const ruleFields = {
  clusterId: idSchema.nullable().optional(),
  nodeId: idSchema.nullable().optional(),
  applicationId: idSchema.nullable().optional(),
  /** A compose service of `applicationId` (which it needs). */
  service: composeName.nullable().optional(),
  loadBalancerId: idSchema.nullable().optional(),
  threshold: z.number().finite().nullable().optional(),
  /** How long the condition must hold before the alert fires (metric rules; 0 = at once). */
  forSeconds: z.number().int().min(0).max(86_400).optional(),
  severity: alertSeveritySchema.optional(),
  enabled: z.boolean().optional(),
  /** Channels to notify; channels of another organisation are a 422. */
  channelIds: z.array(idSchema).max(20).optional(),
};

/** Checks a rule (created, or as it would be after an edit) against ALERT_KIND_INFO. Used by the API and the console. */
export function alertRuleProblems(
  rule: { kind: AlertRuleKind; threshold?: number | null; service?: string | null; applicationId?: string | null } & Partial<
    Record<"clusterId" | "nodeId" | "loadBalancerId", string | null>
  >,
): { path: string; message: string }[] {
  const info = ALERT_KIND_INFO[rule.kind];
  const problems: { path: string; message: string }[] = [];
  if (info.threshold) {
    const t = rule.threshold;
    if (t === null || t === undefined)
      problems.push({ path: "threshold", message: `is required for ${rule.kind} (${info.threshold.help})` });
    else if (t < info.threshold.min || t > info.threshold.max)
      problems.push({ path: "threshold", message: `must be between ${info.threshold.min} and ${info.threshold.max}` });
  } else if (rule.threshold !== null && rule.threshold !== undefined) {
    problems.push({ path: "threshold", message: `${rule.kind} has no threshold` });
  }
  for (const field of ["clusterId", "nodeId", "applicationId", "service", "loadBalancerId"] as const) {
    if (rule[field] && !info.scope.includes(field)) problems.push({ path: field, message: `does not apply to ${rule.kind}` });
  }
  if (rule.service && !rule.applicationId) problems.push({ path: "service", message: "needs applicationId" });
  return problems;
}

export const createAlertRuleSchema = z
  .strictObject({ name: ruleName, kind: alertRuleKindSchema, ...ruleFields })
  .superRefine((rule, ctx) => {
    for (const p of alertRuleProblems(rule)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  });
export type CreateAlertRuleInput = z.infer<typeof createAlertRuleSchema>;
/** The kind cannot change; the result of the edit is checked like a new rule (422). */
export const updateAlertRuleSchema = z.strictObject({ name: ruleName.optional(), ...ruleFields });
export type UpdateAlertRuleInput = z.infer<typeof updateAlertRuleSchema>;

export const ALERT_STATES = ["FIRING", "RESOLVED"] as const;
export const alertStateSchema = z.enum(ALERT_STATES);

export const alertSchema = z.object({
  id: idSchema,
  ruleId: idSchema,
  ruleName: z.string(),
  kind: alertRuleKindSchema,
  severity: alertSeveritySchema,
  state: alertStateSchema,
  summary: z.string(),
  labels: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  startsAt: isoDateSchema,
  endsAt: isoDateSchema.nullable(),
  /** The silence that held its notifications back, if one did. */
  silencedById: idSchema.nullable(),
  lastNotifiedAt: isoDateSchema.nullable(),
});
export type AlertView = z.infer<typeof alertSchema>;

export const listAlertsQuerySchema = paginationQuerySchema.extend({
  state: alertStateSchema.optional(),
  ruleId: idSchema.optional(),
  since: isoDateSchema.optional(),
});

export const SILENCE_STATES = ["active", "pending", "expired"] as const;
export const alertSilenceSchema = z.object({
  id: idSchema,
  ruleId: idSchema.nullable(),
  ruleName: z.string().nullable(),
  matchers: z.record(z.string(), z.string()),
  comment: z.string(),
  createdById: z.string().nullable(),
  startsAt: isoDateSchema,
  endsAt: isoDateSchema,
  expiredAt: isoDateSchema.nullable(),
  state: z.enum(SILENCE_STATES),
});
export type AlertSilenceView = z.infer<typeof alertSilenceSchema>;

const MAX_SILENCE_SECONDS = 90 * 86_400;
/** `durationSeconds` from now or an `endsAt` (one of the two); `ruleId` absent: every rule of the organisation. */
export const createAlertSilenceSchema = z
  .strictObject({
    ruleId: idSchema.nullable().optional(),
    matchers: z.partialRecord(alertSubjectLabelSchema, z.string().trim().min(1).max(200)).optional(),
    comment: z.string().trim().min(1, "is required").max(500),
    startsAt: isoDateSchema.optional(),
    endsAt: isoDateSchema.optional(),
    durationSeconds: z.number().int().min(60).max(MAX_SILENCE_SECONDS).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.endsAt === undefined) === (s.durationSeconds === undefined))
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "give endsAt or durationSeconds (one of them)" });
    if (s.endsAt !== undefined) {
      const start = s.startsAt ? Date.parse(s.startsAt) : Date.now();
      const end = Date.parse(s.endsAt);
      if (end <= Math.max(start, Date.now()))
        ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be in the future and after startsAt" });
      else if (end - start > MAX_SILENCE_SECONDS * 1000)
        ctx.addIssue({ code: "custom", path: ["endsAt"], message: "a silence lasts at most 90 days" });
    }
  });
export type CreateAlertSilenceInput = z.infer<typeof createAlertSilenceSchema>;

const ruleParams = z.object({ ruleId: idSchema });
const silenceParams = z.object({ silenceId: idSchema });
const e = { tags: ["alerts"], auth: "org" as const };
export const alertEndpoints = {
  listRules: endpoint({
    ...e,
    id: "alerts.rules.list",
    method: "GET",
    path: "/alerts/rules",
    permission: "alerts.read",
    summary: "The organisation's alert rules with their channels and how many alerts fire now.",
    response: listOf(alertRuleSchema),
  }),
  createRule: endpoint({
    ...e,
    id: "alerts.rules.create",
    method: "POST",
    path: "/alerts/rules",
    permission: "alerts.manage",
    summary: "Create an alert rule; metric rules reach Prometheus within seconds.",
    body: createAlertRuleSchema,
    response: alertRuleSchema,
    status: 201,
  }),
  getRule: endpoint({
    ...e,
    id: "alerts.rules.get",
    method: "GET",
    path: "/alerts/rules/{ruleId}",
    permission: "alerts.read",
    summary: "One alert rule.",
    params: ruleParams,
    response: alertRuleSchema,
  }),
  updateRule: endpoint({
    ...e,
    id: "alerts.rules.update",
    method: "PATCH",
    path: "/alerts/rules/{ruleId}",
    permission: "alerts.manage",
    summary: "Edit a rule (threshold, duration, scope, severity, channels) or turn it on or off.",
    params: ruleParams,
    body: updateAlertRuleSchema,
    response: alertRuleSchema,
  }),
  deleteRule: endpoint({
    ...e,
    id: "alerts.rules.delete",
    method: "DELETE",
    path: "/alerts/rules/{ruleId}",
    permission: "alerts.manage",
    summary: "Delete a rule with its history and silences.",
    params: ruleParams,
    response: okSchema,
  }),
  listAlerts: endpoint({
    ...e,
    id: "alerts.list",
    method: "GET",
    path: "/alerts",
    permission: "alerts.read",
    summary: "Firing and resolved alerts, newest first.",
    query: listAlertsQuerySchema,
    response: pageOf(alertSchema),
  }),
  listSilences: endpoint({
    ...e,
    id: "alerts.silences.list",
    method: "GET",
    path: "/alerts/silences",
    permission: "alerts.read",
    summary: "Silences, active and pending first, then expired ones of the last 30 days.",
    response: listOf(alertSilenceSchema),
  }),
  createSilence: endpoint({
    ...e,
    id: "alerts.silences.create",
    method: "POST",
    path: "/alerts/silences",
    permission: "alerts.manage",
    summary: "Hold back notifications of matching alerts until the silence ends (the alerts are still recorded).",
    body: createAlertSilenceSchema,
    response: alertSilenceSchema,
    status: 201,
  }),
  expireSilence: endpoint({
    ...e,
    id: "alerts.silences.expire",
    method: "DELETE",
    path: "/alerts/silences/{silenceId}",
    permission: "alerts.manage",
    summary: "End a silence now (kept in the list as expired).",
    params: silenceParams,
    response: alertSilenceSchema,
  }),
};
