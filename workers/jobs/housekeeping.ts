import { runHousekeeping } from "@/lib/domain/housekeeping/run-housekeeping";
import { housekeepingJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const housekeepingHandler = defineHandler(housekeepingJob, async ({ log }) => {
  const deleted = await runHousekeeping();
  log.info({ deleted }, "housekeeping done");
  return { deleted };
});
