"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardError } from "@/components/ui/card-error";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useJobServices, useRunNow, useSetSchedule } from "@/lib/query/use-service-jobs";
import type { JobService } from "@/lib/schemas/service-jobs";
import { JobRunsCard, RunStatusBadge } from "./job-runs";

type Confirm = { kind: "run" | "suspend"; job: JobService } | null;

/** The application's job-mode services: schedule, last run, Run now, Suspend / Resume, and each one's run history. */
export function JobsPanel({ appId, manage }: { appId: string; manage: boolean }) {
  const query = useJobServices(appId);
  const runNow = useRunNow(appId);
  const setSchedule = useSetSchedule(appId);
  const [history, setHistory] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const selected = query.data?.items.find((j) => j.serviceId === history) ?? null;
  const done = () => setConfirm(null);
  return (
    <div className="space-y-6">
      <ListCard
        title="Jobs"
        description="Services in job mode run to completion; a wharf.schedule label runs them again on a cron schedule."
        query={query}
        loadError="The jobs could not be loaded"
        tableLabel="Jobs"
        columns={["Service", "Schedule", "Next run", "Last run"]}
        empty={{
          title: "No jobs in this application",
          body: (
            <>
              A service with <code>deploy.mode: replicated-job</code> runs once to completion when deployed; add{" "}
              <code>wharf.schedule: &quot;0 3 * * *&quot;</code> (and <code>wharf.schedule.timezone</code>) to run it on a schedule. Upload
              a new version with such a service to see it here.
            </>
          ),
        }}
        rows={(items) =>
          items.map((job) => (
            <Tr key={job.serviceId} data-testid={`job-${job.name}`}>
              <Td>
                <span className="block font-medium">{job.name}</span>
                <span className="block text-xs text-slate-500">{job.mode}</span>
              </Td>
              <Td>
                {job.schedule ? (
                  <>
                    <code className="block text-xs">{job.schedule.cron}</code>
                    <span className="mt-0.5 inline-flex items-center gap-2 text-xs text-slate-500">
                      {job.schedule.timezone}
                      {job.schedule.suspended && <Badge tone="yellow">suspended</Badge>}
                    </span>
                  </>
                ) : (
                  <span className="text-slate-400">one-off</span>
                )}
              </Td>
              <Td>{job.schedule && !job.schedule.suspended ? <TimeAgo iso={job.schedule.nextTickAt} /> : "—"}</Td>
              <Td>
                {job.lastRun ? (
                  <span className="inline-flex items-center gap-2">
                    <RunStatusBadge status={job.lastRun.status} />
                    <TimeAgo iso={job.lastRun.createdAt} />
                  </span>
                ) : (
                  <span className="text-slate-400">never</span>
                )}
              </Td>
              <Td className="text-right">
                <div className="flex justify-end gap-2">
                  <Button size="sm" variant="secondary" onClick={() => setHistory(history === job.serviceId ? null : job.serviceId)}>
                    {history === job.serviceId ? "Hide history" : "History"}
                  </Button>
                  {manage && (
                    <Button size="sm" variant="secondary" onClick={() => (runNow.reset(), setConfirm({ kind: "run", job }))}>
                      Run now
                    </Button>
                  )}
                  {manage && job.schedule && (
                    <Button
                      size="sm"
                      variant="secondary"
                      busy={setSchedule.isPending && setSchedule.variables?.serviceId === job.serviceId}
                      onClick={() =>
                        job.schedule?.suspended
                          ? setSchedule.mutate({ serviceId: job.serviceId, suspended: false })
                          : (setSchedule.reset(), setConfirm({ kind: "suspend", job }))
                      }
                    >
                      {job.schedule.suspended ? "Resume" : "Suspend"}
                    </Button>
                  )}
                </div>
              </Td>
            </Tr>
          ))
        }
      >
        {!confirm && <CardError error={setSchedule.error} />}
      </ListCard>
      {selected && <JobRunsCard appId={appId} job={selected} />}
      <ConfirmDialog
        open={confirm?.kind === "run"}
        title={`Run ${confirm?.job.name} now?`}
        confirmLabel="Run now"
        busy={runNow.isPending}
        error={runNow.error?.message}
        onCancel={done}
        onConfirm={() => confirm && runNow.mutate(confirm.job.serviceId, { onSuccess: () => (setHistory(confirm.job.serviceId), done()) })}
      >
        <p>
          Its tasks start now, outside the schedule, with the deployed template. The run, its exit code and its logs appear in the history.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm?.kind === "suspend"}
        title={`Suspend the schedule of ${confirm?.job.name}?`}
        confirmLabel="Suspend schedule"
        busy={setSchedule.isPending}
        error={setSchedule.error?.message}
        onCancel={done}
        onConfirm={() => confirm && setSchedule.mutate({ serviceId: confirm.job.serviceId, suspended: true }, { onSuccess: done })}
      >
        <p>
          No run starts at its ticks until you resume it; a run under way finishes. Resuming starts again from the next tick: the ticks
          missed meanwhile are not caught up.
        </p>
      </ConfirmDialog>
    </div>
  );
}
