import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";

/** The organisation's application (deleted ones too: their history stays readable), for the history reads. */
export async function ownedApp(orgId: string, applicationId: string) {
  const app = await prisma.application.findFirst({
    where: { id: applicationId, orgId },
    select: { id: true, currentVersionId: true, deployedVersionId: true },
  });
  if (!app) throw notFound("Application");
  return app;
}
