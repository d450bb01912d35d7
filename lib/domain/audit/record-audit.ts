import type { Actor } from "@/lib/auth/context";
import { prisma, type DbClient, Prisma } from "@/lib/db";

export type RecordAuditOptions = {
  orgId: string;
  actor: Actor;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Never put secrets here: the audit log is readable by admins and exported. */
  details?: Prisma.InputJsonValue;
  db?: DbClient;
};

/** Writes one audit entry; call it inside the transaction of the change it records. */
export async function recordAudit({ orgId, actor, action, targetType, targetId, details, db = prisma }: RecordAuditOptions) {
  await db.auditLog.create({
    data: {
      orgId,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action,
      targetType,
      targetId,
      ip: actor.ip,
      userAgent: actor.userAgent,
      details,
    },
  });
}

/**
 * Records what the caller of `ctx` did to one object, in the transaction `db` of the change. The
 * target's type is the action's first part ("webhook.delete" is about a webhook); use recordAudit
 * where it is not.
 */
export async function auditChange(
  db: DbClient,
  ctx: { orgId: string; actor: Actor },
  action: `${string}.${string}`,
  targetId: string,
  details?: Prisma.InputJsonValue,
) {
  const targetType = action.slice(0, action.indexOf("."));
  await recordAudit({ db, orgId: ctx.orgId, actor: ctx.actor, action, targetType, targetId, details });
}
