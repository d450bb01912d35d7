/**
 * Autoscaling rules and decisions (API and console). A rule is one service's thresholds, bounds
 * and timing, from its labels or edited in the console; a decision is one evaluation that scaled,
 * or would have and was held back (suppressed), with the values it saw.
 */
import { z } from "zod";
import { idSchema, isoDateSchema, listOf, pageOf, paginationQuerySchema } from "./common";
import { endpoint } from "./endpoint";

/** The metrics a rule can watch: average over the service's containers. Rates are bytes per second. */
export const AUTOSCALING_METRICS = ["cpu", "memory", "inRate", "outRate"] as const;
export const autoscalingMetricSchema = z.enum(AUTOSCALING_METRICS);
export type AutoscalingMetric = z.infer<typeof autoscalingMetricSchema>;

/** Scale out above `max`, in below `min`; either may be absent. */
export const thresholdSchema = z.object({ max: z.number().nonnegative().nullable(), min: z.number().nonnegative().nullable() });
export type ThresholdView = z.infer<typeof thresholdSchema>;

export const autoscalingRuleSchema = z.object({
  id: idSchema,
  applicationId: idSchema,
  applicationName: z.string(),
  serviceId: idSchema,
  service: z.string(),
  clusterId: idSchema,
  enabled: z.boolean(),
  /** "labels": as the deployed template declares it; "console": edited since. */
  source: z.enum(["labels", "console"]),
  thresholds: z.object({ cpu: thresholdSchema, memory: thresholdSchema, inRate: thresholdSchema, outRate: thresholdSchema }),
  step: z.number().int(),
  minInstances: z.number().int(),
  maxInstances: z.number().int(),
  windowSeconds: z.number().int(),
  cooldownSeconds: z.number().int(),
  scaleInCooldownSeconds: z.number().int(),
  breaches: z.number().int(),
  /** Replicas the service is set to now. */
  replicas: z.number().int().nullable(),
  /** What the last evaluation saw (null before the first, or when a metric had no data). */
  current: z
    .object({ cpu: z.number().nullable(), memory: z.number().nullable(), inRate: z.number().nullable(), outRate: z.number().nullable() })
    .nullable(),
  breachDirection: z.enum(["out", "in"]).nullable(),
  breachCount: z.number().int(),
  lastEvaluatedAt: isoDateSchema.nullable(),
  lastScaledAt: isoDateSchema.nullable(),
  updatedAt: isoDateSchema,
});
export type AutoscalingRuleView = z.infer<typeof autoscalingRuleSchema>;

const percent = z.number().min(0).max(100).nullable();
const rate = z
  .number()
  .min(0)
  .max(100 * 1024 ** 3)
  .nullable();
/** A console edit: every field optional; null clears a threshold. Checked like the labels (gap, bounds). */
export const updateAutoscalingRuleSchema = z.strictObject({
  enabled: z.boolean().optional(),
  thresholds: z
    .strictObject({
      cpu: z.strictObject({ max: percent, min: percent }).partial().optional(),
      memory: z.strictObject({ max: percent, min: percent }).partial().optional(),
      inRate: z.strictObject({ max: rate, min: rate }).partial().optional(),
      outRate: z.strictObject({ max: rate, min: rate }).partial().optional(),
    })
    .optional(),
  step: z.number().int().min(1).max(5).optional(),
  minInstances: z.number().int().min(1).max(1000).optional(),
  maxInstances: z.number().int().min(1).max(1000).optional(),
  windowSeconds: z.number().int().min(10).max(3600).optional(),
  cooldownSeconds: z.number().int().min(0).max(86_400).optional(),
  scaleInCooldownSeconds: z.number().int().min(0).max(86_400).optional(),
  breaches: z.number().int().min(1).max(60).optional(),
});
export type UpdateAutoscalingRuleInput = z.infer<typeof updateAutoscalingRuleSchema>;

export const AUTOSCALING_ACTIONS = ["scale-out", "scale-in", "suppressed"] as const;
export const autoscalingDecisionSchema = z.object({
  id: idSchema,
  ruleId: idSchema,
  applicationId: idSchema,
  service: z.string(),
  at: isoDateSchema,
  /** A suppressed decision that repeated: how many times, and the latest. */
  lastAt: isoDateSchema,
  repeats: z.number().int(),
  action: z.enum(AUTOSCALING_ACTIONS),
  reason: z.string(),
  fromReplicas: z.number().int(),
  toReplicas: z.number().int(),
  values: z.record(z.string(), z.number().nullable()),
  explanation: z.string(),
  deploymentId: idSchema.nullable(),
});
export type AutoscalingDecisionView = z.infer<typeof autoscalingDecisionSchema>;

const ruleParams = z.object({ ruleId: idSchema });
const e = { tags: ["autoscaling"], auth: "org" as const };
export const autoscalingEndpoints = {
  list: endpoint({
    ...e,
    id: "autoscaling.list",
    method: "GET",
    path: "/autoscaling/rules",
    permission: "apps.read",
    summary: "Every autoscaling rule of the organisation, with the values the last evaluation saw.",
    query: z.object({ applicationId: idSchema.optional() }),
    response: listOf(autoscalingRuleSchema),
  }),
  get: endpoint({
    ...e,
    id: "autoscaling.get",
    method: "GET",
    path: "/autoscaling/rules/{ruleId}",
    permission: "apps.read",
    summary: "One autoscaling rule.",
    params: ruleParams,
    response: autoscalingRuleSchema,
  }),
  update: endpoint({
    ...e,
    id: "autoscaling.update",
    method: "PATCH",
    path: "/autoscaling/rules/{ruleId}",
    permission: "apps.manage",
    summary: "Edit a rule (thresholds, bounds, timing) or turn it on or off; takes effect at the next evaluation, no redeploy.",
    params: ruleParams,
    body: updateAutoscalingRuleSchema,
    response: autoscalingRuleSchema,
  }),
  decisions: endpoint({
    ...e,
    id: "autoscaling.decisions",
    method: "GET",
    path: "/autoscaling/decisions",
    permission: "apps.read",
    summary: "Scaling decisions and suppressed ones, newest first.",
    query: paginationQuerySchema.extend({
      ruleId: idSchema.optional(),
      applicationId: idSchema.optional(),
      since: isoDateSchema.optional(),
    }),
    response: pageOf(autoscalingDecisionSchema),
  }),
};
