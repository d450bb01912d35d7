import { Prisma } from "@prisma/client";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { deleteInBatches, type BatchOptions } from "./delete-in-batches";

export type HousekeepingSettings = {
  auditDays: number;
  commandDays: number;
  eventDays: number;
  deploymentDays: number;
  deploymentsKeptPerApp: number;
  jobRunDays: number;
};

const fromEnv = (): HousekeepingSettings => ({
  auditDays: env.AUDIT_RETENTION_DAYS,
  commandDays: env.COMMAND_RETENTION_DAYS,
  eventDays: env.EVENT_RETENTION_DAYS,
  deploymentDays: env.DEPLOYMENT_RETENTION_DAYS,
  deploymentsKeptPerApp: env.DEPLOYMENT_KEEP_PER_APP,
  jobRunDays: env.JOB_RUN_RETENTION_DAYS,
});

/**
 * Periodic clean-up (hourly, workers/schedules.ts): audit entries past retention, expired sessions,
 * stale invitations, and the history that grows with use: finished node commands, application
 * events, finished deployments (the latest N of every application are kept whatever their age, so
 * its recent history and rollback context survive) and job run records. Large tables are pruned in
 * batches. Idempotent: running it twice deletes nothing more.
 */
export async function runHousekeeping({
  now = new Date(),
  settings = fromEnv(),
  batch,
}: { now?: Date; settings?: HousekeepingSettings; batch?: BatchOptions } = {}) {
  const before = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const [sessions, invitations] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    // Keep expired invitations for 30 days so admins can see what happened to them.
    prisma.invitation.deleteMany({ where: { expiresAt: { lt: before(30) }, acceptedAt: null } }),
  ]);
  const auditLogs = await deleteInBatches(
    "AuditLog",
    Prisma.sql`SELECT id FROM "AuditLog" WHERE "createdAt" < ${before(settings.auditDays)}`,
    batch,
  );
  // Pending or sent commands are still someone's work: only finished ones go.
  const commands = await deleteInBatches(
    "Command",
    Prisma.sql`SELECT id FROM "Command" WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT') AND "createdAt" < ${before(settings.commandDays)}`,
    batch,
  );
  const appEvents = await deleteInBatches(
    "AppEvent",
    Prisma.sql`SELECT id FROM "AppEvent" WHERE "createdAt" < ${before(settings.eventDays)}`,
    batch,
  );
  const deployments = await deleteInBatches(
    "Deployment",
    Prisma.sql`SELECT id FROM (
      SELECT id, "createdAt", row_number() OVER (PARTITION BY "applicationId" ORDER BY "createdAt" DESC, id DESC) AS newest
      FROM "Deployment" WHERE status IN ('SUCCEEDED', 'FAILED')
    ) ranked WHERE newest > ${settings.deploymentsKeptPerApp} AND "createdAt" < ${before(settings.deploymentDays)}`,
    batch,
  );
  const jobRuns = await deleteInBatches(
    "JobRun",
    Prisma.sql`SELECT id FROM "JobRun" WHERE "startedAt" < ${before(settings.jobRunDays)}`,
    batch,
  );
  return { auditLogs, sessions: sessions.count, invitations: invitations.count, commands, appEvents, deployments, jobRuns };
}
