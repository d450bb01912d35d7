import type { Prisma } from "@/lib/db";
import type { JobService, ServiceRun, ServiceRunDetail } from "@/lib/schemas/service-jobs";
import { readSpec } from "@/lib/protocol/read-spec";

export const runSelect = {
  id: true,
  serviceId: true,
  trigger: true,
  tick: true,
  status: true,
  exitCode: true,
  error: true,
  requestedBy: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  service: { select: { name: true } },
} satisfies Prisma.ServiceRunSelect;

type RunRow = Prisma.ServiceRunGetPayload<{ select: typeof runSelect }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRunView(row: RunRow): ServiceRun {
  return {
    id: row.id,
    serviceId: row.serviceId,
    service: row.service.name,
    trigger: row.trigger,
    tick: iso(row.tick),
    status: row.status,
    exitCode: row.exitCode,
    error: row.error,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs,
  };
}

export function toRunDetail(row: RunRow & { tasks: Prisma.JsonValue; logs: string }): ServiceRunDetail {
  return { ...toRunView(row), tasks: Array.isArray(row.tasks) ? (row.tasks as ServiceRunDetail["tasks"]) : [], logs: row.logs };
}

export const jobServiceSelect = {
  id: true,
  name: true,
  spec: true,
  schedule: { select: { cron: true, timezone: true, suspended: true, nextTickAt: true, lastTickAt: true } },
  runs: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: runSelect },
} satisfies Prisma.AppServiceSelect;

type JobServiceRow = Prisma.AppServiceGetPayload<{ select: typeof jobServiceSelect }>;

/** Job mode of a service's desired spec, or null for a long-running service. */
export function jobMode(spec: unknown): JobService["mode"] | null {
  const { mode } = readSpec(spec);
  return mode === "replicated-job" || mode === "global-job" ? mode : null;
}

export function toJobService(row: JobServiceRow, mode: JobService["mode"]): JobService {
  const s = row.schedule;
  const lastRun = row.runs[0];
  return {
    serviceId: row.id,
    name: row.name,
    mode,
    schedule: s
      ? {
          cron: s.cron,
          timezone: s.timezone,
          suspended: s.suspended,
          nextTickAt: s.suspended ? null : iso(s.nextTickAt),
          lastTickAt: iso(s.lastTickAt),
        }
      : null,
    lastRun: lastRun ? toRunView(lastRun) : null,
  };
}
