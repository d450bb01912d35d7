import type { OrgContext } from "@/lib/auth/context";
import { parseCompose } from "@/lib/compose";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { saveTemplateSchema, type SaveTemplateInput, type Template } from "@/lib/schemas/templates";
import { BUILT_IN_TEMPLATES } from "@/lib/templates";
import { auditChange } from "../audit/record-audit";
import { toJsonColumn } from "../json-column";
import { organizationTemplateView, templateSelect } from "./template-view";

export type SaveTemplateOptions = { ctx: OrgContext; input: SaveTemplateInput };

/** The compose text must at least be a readable compose document (its variables are answered later). */
function checkCompose(compose: string) {
  const parsed = parseCompose(compose);
  if (parsed.ok) return;
  const first = parsed.errors[0];
  const where = first?.line ? ` (line ${first.line})` : "";
  throw new AppError(
    "INVALID_INPUT",
    `Invalid body.compose: ${first?.message ?? "not a compose file"}${where}`,
    parsed.errors.map((i) => ({ path: "body.compose", message: i.message, line: i.line, column: i.column })),
  );
}

/**
 * Saves a compose file and its variables as one of the organisation's templates. Names are unique
 * in the organisation and may not shadow a built-in template; secret variables keep no default.
 */
export async function saveTemplate({ ctx, input }: SaveTemplateOptions): Promise<Template> {
  const data = saveTemplateSchema.parse(input);
  checkCompose(data.compose);
  const lower = data.name.toLowerCase();
  if (BUILT_IN_TEMPLATES.some((t) => t.name.toLowerCase() === lower)) {
    throw new AppError("CONFLICT", `"${data.name}" is the name of a built-in template; choose another`, [
      { path: "body.name", message: "is a built-in template's name" },
    ]);
  }
  return prisma.$transaction(async (tx) => {
    const taken = await tx.organizationTemplate.findFirst({
      where: { orgId: ctx.orgId, name: { equals: data.name, mode: "insensitive" } },
      select: { id: true },
    });
    if (taken) {
      throw new AppError("CONFLICT", `A template named "${data.name}" already exists; choose another name or delete it first`, [
        { path: "body.name", message: "is already taken" },
      ]);
    }
    const row = await tx.organizationTemplate.create({
      data: {
        orgId: ctx.orgId,
        name: data.name,
        description: data.description,
        compose: data.compose,
        variables: toJsonColumn(data.variables),
        createdById: ctx.userId,
        createdByLabel: ctx.actor.label,
      },
      select: templateSelect,
    });
    await auditChange(tx, ctx, "template.create", row.id, { name: data.name, variables: data.variables.map((v) => v.name) });
    return organizationTemplateView(row);
  });
}
