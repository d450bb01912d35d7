import { randomBytes } from "node:crypto";
import { prisma, type DbClient } from "@/lib/db";

/**
 * Organisation slugs name registry namespaces (`<registry>/<slug>/<repo>`), so they follow the
 * Distribution path-component grammar: lowercase alphanumerics separated by single hyphens.
 */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // drop accents: "Cafés" → "cafes"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/g, "");
  return base.length >= 2 ? base : `org-${base}`.replace(/-$/, "");
}

export async function uniqueOrgSlug(name: string, db: DbClient = prisma): Promise<string> {
  const base = slugify(name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    const taken = await db.organization.findUnique({ where: { slug }, select: { id: true } });
    if (!taken) return slug;
  }
  throw new Error("Could not find a free organisation slug");
}
