import { z } from "zod";
import { deploySchema } from "./schema-deploy";
import {
  boolSchema,
  commandSchema,
  describe,
  durationSchema,
  listOrMapSchema,
  stringListSchema,
  stringOrListSchema,
  stringSchema,
} from "./schema-primitives";
import {
  capabilityListSchema,
  dependsOnSchema,
  exposeSchema,
  extraHostsSchema,
  fileReferencesSchema,
  healthcheckSchema,
  loggingSchema,
  platformSchema,
  portsSchema,
  serviceNetworksSchema,
  tmpfsSchema,
  ulimitsSchema,
  volumesSchema,
} from "./schema-service-parts";
import { parseImageReference } from "./valid-names";

// One service after normalize: environment and labels are already string maps, legacy v1/v2 keys
// have been moved to their v3 places, and keys Swarm cannot honour were removed with a warning.

const imageSchema = z.unknown().transform((input, ctx): string => {
  if (input === undefined || input === null || input === "") {
    ctx.addIssue({
      code: "custom",
      message: "image is required: Swarm runs prebuilt images, so build and push the image, then name it here",
    });
    return z.NEVER;
  }
  if (typeof input !== "string") {
    ctx.addIssue({ code: "custom", message: `expected an image reference such as "nginx:1.27", got ${describe(input)}` });
    return z.NEVER;
  }
  const parsed = parseImageReference(input);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }
  return input;
});

const absolutePathSchema = stringSchema.refine((path) => path.startsWith("/"), "must be an absolute path such as /app");
const hostnameSchema = stringSchema.refine(
  (name) => /^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,251}[a-zA-Z0-9])?$/.test(name),
  'must be a host name: letters, digits, "." and "-"',
);
const stringMap = z.record(z.string(), z.string());

export const serviceShape = {
  image: imageSchema,
  command: commandSchema.optional(),
  entrypoint: commandSchema.optional(),
  environment: stringMap.default({}),
  labels: stringMap.default({}),
  ports: portsSchema.default([]),
  expose: exposeSchema.optional(),
  volumes: volumesSchema.default([]),
  tmpfs: tmpfsSchema.optional(),
  networks: serviceNetworksSchema.optional(),
  secrets: fileReferencesSchema.default([]),
  configs: fileReferencesSchema.default([]),
  depends_on: dependsOnSchema.default({}),
  healthcheck: healthcheckSchema.optional(),
  deploy: deploySchema.prefault({}),
  hostname: hostnameSchema.optional(),
  working_dir: absolutePathSchema.optional(),
  user: stringSchema.optional(),
  group_add: stringListSchema.optional(),
  tty: boolSchema.optional(),
  stdin_open: boolSchema.optional(),
  read_only: boolSchema.optional(),
  init: boolSchema.optional(),
  stop_signal: stringSchema.optional(),
  stop_grace_period: durationSchema.optional(),
  extra_hosts: extraHostsSchema.optional(),
  dns: stringOrListSchema.optional(),
  dns_search: stringOrListSchema.optional(),
  dns_opt: stringListSchema.optional(),
  sysctls: listOrMapSchema.optional(),
  cap_add: capabilityListSchema.optional(),
  cap_drop: capabilityListSchema.optional(),
  ulimits: ulimitsSchema.optional(),
  logging: loggingSchema.optional(),
  isolation: z.enum(["default", "process", "hyperv"]).optional(),
  platform: platformSchema.optional(),
  // Only "always" survives normalize; it means "pull the newest image on every deploy".
  pull_policy: z.literal("always").optional(),
};

export const serviceSchema = z.strictObject(serviceShape);
export type ComposeService = z.output<typeof serviceSchema>;
