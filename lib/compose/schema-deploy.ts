import { z } from "zod";
import { hint } from "./did-you-mean";
import {
  bytesSchema,
  cpusSchema,
  durationSchema,
  intSchema,
  listOrMapSchema,
  nonEmptyStringSchema,
  numberSchema,
  stringListSchema,
  stringMapSchema,
  stringSchema,
} from "./schema-primitives";

// The `deploy` section (compose v3 / compose spec), validated strictly because it maps one to
// one onto the Swarm ServiceSpec.

const SWARM_CONSTRAINT_KEYS = ["node.id", "node.hostname", "node.role", "node.platform.os", "node.platform.arch"];

/** Validates a Swarm placement constraint such as `node.labels.zone==eu` (not the classic syntax). */
export const swarmConstraintSchema = stringSchema.transform((expression, ctx) => {
  const match = /^\s*([^=!\s]+)\s*(==|!=)\s*(\S.*?)\s*$/.exec(expression);
  if (!match) {
    const single = /^[^=!]+=[^=]/.test(expression) ? ' ("=" must be "==")' : "";
    ctx.addIssue({ code: "custom", message: `invalid constraint "${expression}": expected key==value or key!=value${single}` });
    return z.NEVER;
  }
  const key = match[1] ?? "";
  const known = SWARM_CONSTRAINT_KEYS.includes(key) || /^(node|engine)\.labels\.[^.].*$/.test(key);
  if (!known) {
    ctx.addIssue({
      code: "custom",
      message: `unknown constraint key "${key}": use ${SWARM_CONSTRAINT_KEYS.join(", ")}, node.labels.<name> or engine.labels.<name>${hint(key, SWARM_CONSTRAINT_KEYS)}`,
    });
    return z.NEVER;
  }
  return `${key}${match[2]}${match[3]}`;
});

export const limitsSchema = z.strictObject({
  cpus: cpusSchema.optional(),
  memory: bytesSchema.optional(),
  pids: intSchema({ min: 1 }).optional(),
});

export const deviceRequestSchema = z.strictObject({
  capabilities: z.array(z.union([z.string(), z.array(z.string())])).transform((caps) => caps.flat()),
  count: z.union([z.literal("all"), intSchema({ min: 1 })]).optional(),
  device_ids: stringListSchema.optional(),
  driver: stringSchema.optional(),
  options: stringMapSchema.optional(),
});

export const genericResourceSchema = z.strictObject({
  discrete_resource_spec: z.strictObject({ kind: nonEmptyStringSchema, value: intSchema({ min: 1 }) }),
});

export const reservationsSchema = z.strictObject({
  cpus: cpusSchema.optional(),
  memory: bytesSchema.optional(),
  generic_resources: z.array(genericResourceSchema).default([]),
  devices: z.array(deviceRequestSchema).default([]),
});

export const restartPolicySchema = z.strictObject({
  condition: z.enum(["none", "on-failure", "any"]).default("any"),
  delay: durationSchema.optional(),
  max_attempts: intSchema({ min: 0 }).optional(),
  window: durationSchema.optional(),
});

export const placementSchema = z.strictObject({
  constraints: z.array(swarmConstraintSchema).default([]),
  preferences: z.array(z.strictObject({ spread: nonEmptyStringSchema })).default([]),
  max_replicas_per_node: intSchema({ min: 0 }).optional(),
});

function updateSchema<A extends readonly [string, ...string[]]>(failureActions: A) {
  return z.strictObject({
    parallelism: intSchema({ min: 0 }).optional(),
    delay: durationSchema.optional(),
    failure_action: z.enum(failureActions).optional(),
    monitor: durationSchema.optional(),
    max_failure_ratio: numberSchema({ min: 0, max: 1 }).optional(),
    order: z.enum(["stop-first", "start-first"]).optional(),
  });
}
export const updateConfigSchema = updateSchema(["continue", "rollback", "pause"] as const);
export const rollbackConfigSchema = updateSchema(["continue", "pause"] as const);

export const resourcesSchema = z.strictObject({
  limits: limitsSchema.prefault({}),
  reservations: reservationsSchema.prefault({}),
});

export const deploySchema = z.strictObject({
  mode: z.enum(["replicated", "global", "replicated-job", "global-job"]).default("replicated"),
  replicas: intSchema({ min: 0, max: 10_000 }).optional(),
  labels: listOrMapSchema.prefault({}),
  resources: resourcesSchema.prefault({}),
  restart_policy: restartPolicySchema.optional(),
  placement: placementSchema.prefault({}),
  update_config: updateConfigSchema.optional(),
  rollback_config: rollbackConfigSchema.optional(),
  endpoint_mode: z.enum(["vip", "dnsrr"]).optional(),
});

export type DeploySpec = z.output<typeof deploySchema>;
export type UpdateConfig = z.output<typeof updateConfigSchema>;
