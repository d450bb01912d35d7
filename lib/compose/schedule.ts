/**
 * `wharf.schedule: "<cron>"` with `wharf.schedule.timezone: "<IANA name>"` (default UTC): when a
 * job-mode service runs. Five fields (minute … day of week) or six with seconds first, or one of
 * the @ shorthands; cron-parser does the calendar arithmetic (time zones, DST). Pure: the workers
 * (lib/domain/service-jobs) ask it which tick is due.
 */
import { CronExpressionParser } from "cron-parser";
import type { ParseResult } from "./parse-duration";

export type JobSchedule = { cron: string; timezone: string };

export const DEFAULT_TIMEZONE = "UTC";

const SHORTHANDS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@hourly", "@minutely"];

export function parseTimezone(text: string): ParseResult<string> {
  const name = text.trim();
  try {
    if (!name) throw new RangeError("empty");
    return { ok: true, value: new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone };
  } catch {
    return { ok: false, message: `unknown time zone "${text}"; use an IANA name such as UTC, Europe/Paris or Asia/Shanghai` };
  }
}

/** Checks a cron expression (5 or 6 fields, or a shorthand) and returns it normalised (single spaces). */
export function parseCron(text: string, timezone = DEFAULT_TIMEZONE): ParseResult<string> {
  const cron = text.trim().split(/\s+/).join(" ");
  const fields = cron.split(" ");
  if (cron.startsWith("@")) {
    if (!SHORTHANDS.includes(cron)) return { ok: false, message: `unknown shorthand "${cron}"; use one of ${SHORTHANDS.join(", ")}` };
  } else if (fields.length < 5 || fields.length > 6) {
    return {
      ok: false,
      message: `expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got ${fields.length} in "${text}"`,
    };
  } else if (fields.some((field) => /(^|[,/-])H/i.test(field))) {
    return { ok: false, message: `"H" (a random value) is not supported in "${text}"; give the value itself` };
  }
  try {
    CronExpressionParser.parse(cron, { tz: timezone, strict: false }).next();
    return { ok: true, value: cron };
  } catch (error) {
    return { ok: false, message: `invalid cron expression "${text}": ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The first tick strictly after `after`. */
export function nextTick(schedule: JobSchedule, after: Date): Date {
  return CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: after }).next().toDate();
}

/**
 * The latest tick in (since, now], or null when none fell in it. Missed ticks (workers down) are not
 * run one by one: only the latest is, so a schedule catches up with one run, not a burst.
 */
export function latestDueTick(schedule: JobSchedule, since: Date, now: Date): Date | null {
  const next = nextTick(schedule, since);
  if (next.getTime() > now.getTime()) return null;
  const previous = CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: new Date(now.getTime() + 1) })
    .prev()
    .toDate();
  return previous.getTime() > since.getTime() ? previous : next;
}
