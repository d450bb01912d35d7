import { prisma } from "@/lib/db";
import { env } from "@/lib/env";

const JOB_RUN_RETENTION_DAYS = 30;

/**
 * Periodic clean-up: audit entries past retention, expired sessions, stale invitations and old job
 * run records. Idempotent: running it twice deletes nothing more.
 */
export async function runHousekeeping({ now = new Date() }: { now?: Date } = {}) {
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const [auditLogs, sessions, invitations, jobRuns] = await prisma.$transaction([
    prisma.auditLog.deleteMany({ where: { createdAt: { lt: days(env.AUDIT_RETENTION_DAYS) } } }),
    prisma.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    // Keep expired invitations for 30 days so admins can see what happened to them.
    prisma.invitation.deleteMany({ where: { expiresAt: { lt: days(30) }, acceptedAt: null } }),
    prisma.jobRun.deleteMany({ where: { startedAt: { lt: days(JOB_RUN_RETENTION_DAYS) } } }),
  ]);
  return { auditLogs: auditLogs.count, sessions: sessions.count, invitations: invitations.count, jobRuns: jobRuns.count };
}
