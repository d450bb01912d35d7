import type { JobSchedule } from "@/lib/compose/schedule";
import { nextTick } from "@/lib/compose/schedule";
import type { DbClient } from "@/lib/db";

export type SyncJobSchedulesOptions = {
  db: DbClient;
  orgId: string;
  applicationId: string;
  services: { id: string; schedule?: JobSchedule }[];
  now?: Date;
};

/**
 * Makes the application's job schedules follow its services' `schedule` labels: a new or changed
 * expression (or time zone) starts from the next tick after now; an unchanged one keeps its next
 * tick and its suspension; a service without the label loses its schedule (its run history stays).
 */
export async function syncJobSchedules({ db, orgId, applicationId, services, now = new Date() }: SyncJobSchedulesOptions) {
  const existing = await db.jobSchedule.findMany({
    where: { applicationId },
    select: { id: true, serviceId: true, cron: true, timezone: true },
  });
  const byService = new Map(existing.map((s) => [s.serviceId, s]));
  for (const { id, schedule } of services) {
    const old = byService.get(id);
    if (!schedule) {
      if (old) await db.jobSchedule.delete({ where: { id: old.id } });
      continue;
    }
    if (old && old.cron === schedule.cron && old.timezone === schedule.timezone) continue;
    const data = { cron: schedule.cron, timezone: schedule.timezone, nextTickAt: nextTick(schedule, now) };
    if (old) await db.jobSchedule.update({ where: { id: old.id }, data });
    else await db.jobSchedule.create({ data: { orgId, applicationId, serviceId: id, ...data } });
  }
}
