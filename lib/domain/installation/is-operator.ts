/**
 * Installation operators stand above organisations: they set quotas and run installation-wide
 * actions (registry garbage collection). An account is one when it was the installation's first
 * (User.isOperator, set at sign-up) or when its e-mail is listed in WHARF_OPERATOR_EMAILS, which
 * is read at every check, so removing an address there takes the role away at once.
 */
import { prisma, type DbClient } from "@/lib/db";
import { env } from "@/lib/env";

export function operatorStatus(user: { isOperator: boolean; email: string }): boolean {
  return user.isOperator || env.WHARF_OPERATOR_EMAILS.includes(user.email.toLowerCase());
}

export async function isOperator({ userId, db = prisma }: { userId: string; db?: DbClient }): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { isOperator: true, email: true } });
  return user ? operatorStatus(user) : false;
}
