/**
 * Application templates: the built-in gallery (lib/templates) and the ones an organisation saves.
 * A template is a compose file whose `${VAR}` references are the questions the gallery's form asks;
 * the answers become the new application's variables. Browser-safe: zod only.
 */
import { z } from "zod";
import { idSchema, isoDateSchema, listOf, okSchema } from "./common";
import { endpoint } from "./endpoint";

export const variableNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "variable names are letters, digits and underscores, not starting with a digit");

export const templateVariableSchema = z
  .strictObject({
    name: variableNameSchema,
    label: z.string().trim().min(1, "is empty").max(80),
    description: z.string().trim().max(300).default(""),
    default: z.string().max(4096).default(""),
    required: z.boolean().default(false),
    /** Asked in a password field; its default is never stored. */
    secret: z.boolean().default(false),
  })
  .refine((v) => !(v.secret && v.default !== ""), { path: ["default"], message: "a secret variable cannot have a stored default" });
export type TemplateVariable = z.output<typeof templateVariableSchema>;

const variablesSchema = z
  .array(templateVariableSchema)
  .max(50, "at most 50 variables")
  .superRefine((vars, ctx) => {
    const seen = new Set<string>();
    vars.forEach((v, i) => {
      if (seen.has(v.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `${v.name} is listed twice` });
      seen.add(v.name);
    });
  });

export const templateNameSchema = z.string().trim().min(1, "is empty").max(60);

export const saveTemplateSchema = z.strictObject({
  name: templateNameSchema,
  description: z.string().trim().max(500).default(""),
  compose: z
    .string()
    .min(1, "is empty")
    .max(256 * 1024, "templates are at most 256 KiB"),
  variables: variablesSchema.default([]),
});
export type SaveTemplateInput = z.input<typeof saveTemplateSchema>;

export const templateSchema = z.object({
  /** A built-in's slug ("web-database") or an organisation template's id. */
  id: z.string(),
  builtIn: z.boolean(),
  name: z.string(),
  description: z.string(),
  /** What a new application from it is called unless the user says otherwise. */
  suggestedAppName: z.string(),
  compose: z.string(),
  variables: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      description: z.string(),
      default: z.string(),
      required: z.boolean(),
      secret: z.boolean(),
    }),
  ),
  /** The compose services, for the gallery's cards. */
  services: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdAt: isoDateSchema.nullable(),
});
export type Template = z.infer<typeof templateSchema>;

const e = { tags: ["templates"], auth: "org" as const };
export const templateEndpoints = {
  list: endpoint({
    ...e,
    id: "templates.list",
    method: "GET",
    path: "/templates",
    permission: "apps.read",
    summary: "The template gallery: the built-in templates, then the organisation's own.",
    response: listOf(templateSchema),
  }),
  create: endpoint({
    ...e,
    id: "templates.create",
    method: "POST",
    path: "/templates",
    permission: "apps.manage",
    summary: "Save a compose file and its variables as one of the organisation's templates.",
    body: saveTemplateSchema,
    response: templateSchema,
    status: 201,
  }),
  delete: endpoint({
    ...e,
    id: "templates.delete",
    method: "DELETE",
    path: "/templates/{templateId}",
    permission: "apps.manage",
    summary: "Delete one of the organisation's templates (built-in ones cannot be deleted).",
    params: z.object({ templateId: idSchema }),
    response: okSchema,
  }),
};

/**
 * The variable names a compose text refers to (`${NAME}`, `${NAME:-default}`, `$NAME`; `$$` is a
 * literal dollar; a secret's or config's `environment: NAME`), in order of first use: what a
 * template's form has to ask.
 */
export function referencedVariables(compose: string): string[] {
  const names = new Set<string>();
  const pattern = /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))|^\s+environment:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*$/gm;
  for (const m of compose.matchAll(pattern)) {
    const name = m[2] ?? m[3] ?? m[4];
    if (name) names.add(name);
  }
  return [...names];
}
