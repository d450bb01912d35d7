import type { Actor } from "@/lib/auth/context";
import { prisma, type DbClient } from "@/lib/db";
import { recordAudit } from "../audit/record-audit";
import { ensureLocalCluster } from "../clusters/ensure-local-cluster";
import { uniqueOrgSlug } from "./org-slug";

export type CreateOrganizationOptions = { userId: string; name: string; actor: Actor; db?: DbClient };

/** Creates an organisation owned by the user. Run inside a transaction with the caller's other writes. */
export async function createOrganization({ userId, name, actor, db = prisma }: CreateOrganizationOptions) {
  const slug = await uniqueOrgSlug(name, db);
  const org = await db.organization.create({
    data: { name, slug, memberships: { create: { userId, role: "OWNER" } } },
    select: { id: true, name: true, slug: true, createdAt: true },
  });
  await recordAudit({
    db,
    orgId: org.id,
    actor,
    action: "organization.create",
    targetType: "organization",
    targetId: org.id,
    details: { name, slug },
  });
  await ensureLocalCluster({ orgId: org.id, actor, db });
  return { ...org, role: "OWNER" as const };
}
