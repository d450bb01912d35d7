import { prisma, type DbClient } from "@/lib/db";
import type { Template } from "@/lib/schemas/templates";
import { BUILT_IN_TEMPLATES } from "@/lib/templates";
import { builtInView, organizationTemplateView, templateSelect } from "./template-view";

export type ListTemplatesOptions = { orgId: string; db?: DbClient };

/** The gallery: the built-in templates in their order, then the organisation's own by name. */
export async function listTemplates({ orgId, db = prisma }: ListTemplatesOptions): Promise<{ items: Template[] }> {
  const rows = await db.organizationTemplate.findMany({ where: { orgId }, select: templateSelect, orderBy: { name: "asc" } });
  return { items: [...BUILT_IN_TEMPLATES.map(builtInView), ...rows.map(organizationTemplateView)] };
}
