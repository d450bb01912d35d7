import type { OrgContext } from "@/lib/auth/context";
import type { Role } from "@/lib/auth/permissions";
import type { DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Rules shared by role changes and removals: admins cannot touch owners; an org keeps one owner. */
export async function guardOwnerChange({ ctx, target, db }: { ctx: OrgContext; target: { role: Role }; db: DbClient }) {
  if (target.role === "OWNER" && ctx.role !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can change or remove another owner");
  if (target.role !== "OWNER") return;
  const owners = await db.membership.count({ where: { orgId: ctx.orgId, role: "OWNER" } });
  if (owners <= 1) throw new AppError("CONFLICT", "An organisation needs at least one owner; make someone else owner first");
}
