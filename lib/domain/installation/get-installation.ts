import { prisma } from "@/lib/db";
import { mailConfigured } from "@/lib/drivers/mail/send-mail";
import { env } from "@/lib/env";
import { quotaDefaults } from "../quotas/quota-kinds";

/** What an operator needs to know about the installation's settings (from the environment). */
export async function getInstallation() {
  const [organizations, users] = await Promise.all([prisma.organization.count(), prisma.user.count()]);
  return {
    defaults: quotaDefaults(env),
    organizations,
    users,
    emailVerification: mailConfigured(),
    retention: {
      commandDays: env.COMMAND_RETENTION_DAYS,
      eventDays: env.EVENT_RETENTION_DAYS,
      deploymentDays: env.DEPLOYMENT_RETENTION_DAYS,
      deploymentsKeptPerApp: env.DEPLOYMENT_KEEP_PER_APP,
      jobRunDays: env.JOB_RUN_RETENTION_DAYS,
      auditDays: env.AUDIT_RETENTION_DAYS,
    },
  };
}
