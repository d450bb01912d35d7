"use client";

import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";
import { useAppDeployments } from "@/lib/query/use-applications";

const TONE = { QUEUED: "gray", RUNNING: "blue", SUCCEEDED: "green", FAILED: "red", SUPERSEDED: "gray" } as const;

/** Deployments with their steps; the newest one expands while it runs. */
export function DeploymentsPanel({ appId }: { appId: string }) {
  const { data } = useAppDeployments(appId);
  return (
    <Card>
      <CardHeader title="Deployments" description="Each change (deploy, scale, stop, rollback…) runs as a deployment, one at a time." />
      {data?.items.length === 0 && <p className="p-5 text-sm text-slate-500">No deployments yet.</p>}
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {data?.items.map((d, i) => (
          <li key={d.id} className="px-5 py-3">
            <details open={i === 0}>
              <summary className="flex cursor-pointer items-center gap-3 text-sm">
                <Badge tone={TONE[d.status]}>{d.status.toLowerCase()}</Badge>
                <span className="font-medium">{d.kind.toLowerCase()}</span>
                {d.version && <span className="text-slate-500">v{d.version}</span>}
                <span className="text-slate-500">by {d.actorLabel}</span>
                <span className="ml-auto text-xs text-slate-500">
                  <TimeAgo iso={d.createdAt} />
                </span>
              </summary>
              {d.error && <p className="mt-2 text-sm text-red-600">{d.error}</p>}
              <ol className="mt-2 space-y-0.5 border-l border-slate-200 pl-4 text-xs dark:border-slate-700">
                {d.steps.map((s, j) => (
                  <li
                    key={j}
                    className={
                      s.level === "error" ? "text-red-600" : s.level === "warning" ? "text-amber-600" : "text-slate-600 dark:text-slate-300"
                    }
                  >
                    <span className="text-slate-400">{s.at.slice(11, 19)}</span> {s.message}
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ul>
    </Card>
  );
}
