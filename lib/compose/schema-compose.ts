import { z } from "zod";
import { serviceSchema } from "./schema-service";
import { boolSchema, listOrMapSchema, nonEmptyStringSchema, stringMapSchema, stringSchema } from "./schema-primitives";

// Top-level compose sections after normalize (v1 lifted under `services`, `external: {name}`
// rewritten to `external: true` + `name`, null entries replaced by {}).

export const networkDefShape = {
  name: nonEmptyStringSchema.optional(),
  driver: nonEmptyStringSchema.optional(),
  driver_opts: stringMapSchema.prefault({}),
  attachable: boolSchema.default(false),
  internal: boolSchema.default(false),
  external: boolSchema.default(false),
  labels: listOrMapSchema.prefault({}),
  enable_ipv6: boolSchema.default(false),
  ipam: z
    .strictObject({
      driver: nonEmptyStringSchema.optional(),
      config: z
        .array(
          z.strictObject({
            subnet: nonEmptyStringSchema.optional(),
            ip_range: nonEmptyStringSchema.optional(),
            gateway: nonEmptyStringSchema.optional(),
            aux_addresses: stringMapSchema.optional(),
          }),
        )
        .default([]),
      options: stringMapSchema.prefault({}),
    })
    .optional(),
};

export const volumeDefShape = {
  name: nonEmptyStringSchema.optional(),
  driver: nonEmptyStringSchema.optional(),
  driver_opts: stringMapSchema.prefault({}),
  external: boolSchema.default(false),
  labels: listOrMapSchema.prefault({}),
};

const fileNotSupported =
  "Wharf cannot read files from your machine: use `environment: VAR` (the value comes from the deploy variables), `content:` for configs, or `external: true` for one created in Wharf";

export const secretDefShape = {
  name: nonEmptyStringSchema.optional(),
  file: stringSchema.optional(),
  environment: nonEmptyStringSchema.optional(),
  external: boolSchema.default(false),
  labels: listOrMapSchema.prefault({}),
};

export const configDefShape = { ...secretDefShape, content: stringSchema.optional() };

function fileBacked<T extends { file?: string; environment?: string; external: boolean; content?: string }>(what: string) {
  return (def: T, ctx: z.RefinementCtx): T => {
    if (def.file !== undefined)
      ctx.addIssue({ code: "custom", message: `file-based ${what}s are not supported: ${fileNotSupported}`, path: ["file"] });
    const sources = [def.environment, def.content].filter((s) => s !== undefined).length + (def.external ? 1 : 0);
    if (def.file === undefined && sources === 0) {
      ctx.addIssue({
        code: "custom",
        message: `${what} needs a value: set environment${what === "config" ? ", content" : ""} or external: true`,
      });
    }
    if (sources > 1)
      ctx.addIssue({
        code: "custom",
        message: `${what} must use only one of environment${what === "config" ? ", content" : ""} and external`,
      });
    return def;
  };
}

export const networkDefSchema = z.strictObject(networkDefShape);
export const volumeDefSchema = z.strictObject(volumeDefShape);
export const secretDefSchema = z.strictObject(secretDefShape).transform(fileBacked("secret"));
export const configDefSchema = z.strictObject(configDefShape).transform(fileBacked("config"));

export const composeShape = {
  version: stringSchema.optional(),
  name: stringSchema.optional(),
  services: z.record(z.string(), serviceSchema),
  networks: z.record(z.string(), networkDefSchema).default({}),
  volumes: z.record(z.string(), volumeDefSchema).default({}),
  secrets: z.record(z.string(), secretDefSchema).default({}),
  configs: z.record(z.string(), configDefSchema).default({}),
};

export const composeSchema = z.strictObject(composeShape);

export type NetworkDef = z.output<typeof networkDefSchema>;
export type VolumeDef = z.output<typeof volumeDefSchema>;
export type SecretDef = z.output<typeof secretDefSchema>;
export type ConfigDef = z.output<typeof configDefSchema>;
export type ComposeFormat = "v1" | "v2" | "v3" | "spec";

/** The normalised, validated application: one model whatever compose version was uploaded. */
export type ComposeApp = z.output<typeof composeSchema> & { format: ComposeFormat };
