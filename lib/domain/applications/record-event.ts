import { prisma, Prisma, type DbClient } from "@/lib/db";

export type AppEventInput = {
  orgId: string;
  applicationId: string;
  type: string;
  message: string;
  level?: "INFO" | "WARNING" | "ERROR";
  service?: string | null;
  details?: Prisma.InputJsonValue;
  db?: DbClient;
};

/** One entry in an application's timeline (deploys, scaling, drift, task failures). */
export async function recordEvent({
  orgId,
  applicationId,
  type,
  message,
  level = "INFO",
  service = null,
  details,
  db = prisma,
}: AppEventInput) {
  await db.appEvent.create({ data: { orgId, applicationId, type, message, level, service, details: details ?? Prisma.JsonNull } });
}
