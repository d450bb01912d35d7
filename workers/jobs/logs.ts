import { runLogHousekeeping } from "@/lib/domain/logs/log-retention";
import { shipLogSinks } from "@/lib/domain/logs/sinks/ship-log-sinks";
import { logHousekeepingJob, logSinksShipJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const logHousekeepingHandler = defineHandler(logHousekeepingJob, async ({ log }) => {
  const result = await runLogHousekeeping();
  log.info(result, "log housekeeping done");
  return result;
});

export const logSinksShipHandler = defineHandler(logSinksShipJob, ({ log }) => shipLogSinks({ log }), { record: false });
