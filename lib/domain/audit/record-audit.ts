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
