import { prisma } from "@/lib/db";
import { ownedApp } from "../applications/owned-app";
import { jobMode, jobServiceSelect, toJobService } from "./run-view";

/** The application's job-mode services, each with its schedule (if any) and its last run. */
export async function listJobServices({ orgId, applicationId }: { orgId: string; applicationId: string }) {
  await ownedApp(orgId, applicationId);
  const rows = await prisma.appService.findMany({
    where: { applicationId, orgId },
    orderBy: [{ startOrder: "asc" }, { name: "asc" }],
    select: jobServiceSelect,
  });
  return {
    items: rows.flatMap((row) => {
      const mode = jobMode(row.spec);
      return mode ? [toJobService(row, mode)] : [];
    }),
  };
}
