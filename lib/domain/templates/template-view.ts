import { parseCompose } from "@/lib/compose";
import type { Template, TemplateVariable } from "@/lib/schemas/templates";
import { templateVariableSchema } from "@/lib/schemas/templates";
import type { BuiltInTemplate } from "@/lib/templates";

/** The columns a template view needs. */
export const templateSelect = {
  id: true,
  name: true,
  description: true,
  compose: true,
  variables: true,
  createdByLabel: true,
  createdAt: true,
} as const;

type TemplateRow = {
  id: string;
  name: string;
  description: string;
  compose: string;
  variables: unknown;
  createdByLabel: string;
  createdAt: Date;
};

/** The compose file's service names, for the gallery's cards (none when it does not parse). */
function serviceNames(compose: string): string[] {
  const parsed = parseCompose(compose);
  if (!parsed.ok) return [];
  const services = (parsed.value as { services?: unknown } | null)?.services;
  return services && typeof services === "object" && !Array.isArray(services) ? Object.keys(services) : [];
}

/** Stored variables, read back defensively: an entry that no longer validates is left out. */
function readVariables(stored: unknown): TemplateVariable[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((v) => {
    const parsed = templateVariableSchema.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

/** An application name from a template's name: lowercase letters, digits and single hyphens. */
export function appNameFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  return slug || "app";
}

export function builtInView(t: BuiltInTemplate): Template {
  return {
    id: t.id,
    builtIn: true,
    name: t.name,
    description: t.description,
    suggestedAppName: t.suggestedAppName,
    compose: t.compose,
    variables: t.variables,
    services: serviceNames(t.compose),
    createdBy: null,
    createdAt: null,
  };
}

export function organizationTemplateView(row: TemplateRow): Template {
  return {
    id: row.id,
    builtIn: false,
    name: row.name,
    description: row.description,
    suggestedAppName: appNameFrom(row.name),
    compose: row.compose,
    variables: readVariables(row.variables),
    services: serviceNames(row.compose),
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
  };
}
