import type { FinishOptions } from "./label-draft";
import { readLabel } from "./label-values";
import { DEFAULT_TIMEZONE, parseCron, parseTimezone } from "./schedule";

const JOB_MODES = new Set(["replicated-job", "global-job"]);

/**
 * `schedule: "<cron>"` and `schedule.timezone` (./schedule.ts): only a job-mode service runs to
 * completion, so only one can be re-run on a schedule; a long-running service with a schedule is
 * refused at the label rather than restarted every tick.
 */
export function checkSchedule({ draft, service, issues }: FinishOptions): void {
  const { cron, timezone } = draft.schedule;
  if (!cron) {
    if (timezone) issues.warn("invalid", timezone.path, `${timezone.label} has no effect without a schedule label`, "key");
    return;
  }
  const zone = timezone ? readLabel(issues, timezone, parseTimezone(timezone.value)) : DEFAULT_TIMEZONE;
  if (!JOB_MODES.has(service.deploy.mode)) {
    issues.error(
      "invalid",
      cron.path,
      `${cron.label} runs the service as a job on a schedule: set deploy.mode to replicated-job (or global-job), got ${service.deploy.mode}`,
      "key",
    );
    return;
  }
  const expression = readLabel(issues, cron, parseCron(cron.value, zone ?? DEFAULT_TIMEZONE));
  if (expression !== undefined && zone !== undefined) draft.ext.schedule = { cron: expression, timezone: zone };
}
