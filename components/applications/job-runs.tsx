"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useJobRun, useJobRuns } from "@/lib/query/use-service-jobs";
import type { JobService, ServiceRun } from "@/lib/schemas/service-jobs";

const TONE = { PENDING: "gray", RUNNING: "blue", SUCCEEDED: "green", FAILED: "red", SKIPPED: "yellow" } as const;
const TRIGGER = { DEPLOY: "deployment", SCHEDULE: "schedule", MANUAL: "run now" } as const;

export function RunStatusBadge({ status }: { status: ServiceRun["status"] }) {
  return <Badge tone={TONE[status]}>{status.toLowerCase()}</Badge>;
}

function duration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 100) / 10;
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** One job's runs, newest first; a run opens to its tasks' exit codes and logs. */
export function JobRunsCard({ appId, job }: { appId: string; job: JobService }) {
  const query = useJobRuns(appId, job.serviceId);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ListCard
      title={`History of ${job.name}`}
      description="Every run: started by a deployment, the schedule or Run now, with its exit code, duration and logs."
      query={query}
      loadError="The runs could not be loaded"
      tableLabel={`Runs of ${job.name}`}
      columns={["Status", "Trigger", "Started", "Duration", "Exit code"]}
      empty={{
        title: "No runs yet",
        body: job.schedule
          ? "The schedule starts the next run at its next tick; Run now starts one at once."
          : "Deploying the application runs the job; Run now runs it again.",
      }}
      rows={(items) =>
        items.flatMap((run) => [
          <Tr key={run.id} data-testid="job-run">
            <Td>
              <RunStatusBadge status={run.status} />
            </Td>
            <Td>
              {TRIGGER[run.trigger]}
              {run.requestedBy && <span className="ml-1 text-xs text-slate-500">by {run.requestedBy}</span>}
              {run.tick && <span className="ml-1 text-xs text-slate-500">tick {run.tick.slice(11, 19)} UTC</span>}
            </Td>
            <Td>
              <TimeAgo iso={run.startedAt ?? run.createdAt} />
            </Td>
            <Td>{duration(run.durationMs)}</Td>
            <Td>{run.exitCode ?? "—"}</Td>
            <Td className="text-right">
              <button
                type="button"
                className="text-sm text-brand-600 hover:underline"
                aria-expanded={open === run.id}
                onClick={() => setOpen(open === run.id ? null : run.id)}
              >
                {open === run.id ? "Hide logs" : "Logs"}
              </button>
            </Td>
          </Tr>,
          open === run.id ? (
            <tr key={`${run.id}-detail`}>
              <td colSpan={6} className="px-5 pb-4">
                <RunDetail appId={appId} serviceId={job.serviceId} run={run} />
              </td>
            </tr>
          ) : null,
        ])
      }
    />
  );
}

function RunDetail({ appId, serviceId, run }: { appId: string; serviceId: string; run: ServiceRun }) {
  const { data, error } = useJobRun(appId, serviceId, run.id);
  if (error) return <p className="text-sm text-red-600">{error.message}</p>;
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  return (
    <div className="space-y-2">
      {data.error && <p className="text-sm text-red-600">{data.error}</p>}
      {data.tasks.length > 0 && (
        <p className="text-xs text-slate-500">
          {data.tasks.map((t) => `task ${t.id.slice(0, 12)}: ${t.state}${t.exitCode !== null ? ` (exit ${t.exitCode})` : ""}`).join(" · ")}
        </p>
      )}
      <pre
        aria-label={`Logs of the run`}
        className="max-h-80 overflow-auto whitespace-pre-wrap rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100"
      >
        {data.logs || (["PENDING", "RUNNING"].includes(data.status) ? "The logs are read once the run finishes." : "(no output)")}
      </pre>
    </div>
  );
}
