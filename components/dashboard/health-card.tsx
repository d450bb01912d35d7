"use client";

import { Activity } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";
import { useHealth } from "@/lib/query/use-health";

export function HealthCard() {
  const { data, isLoading, isError } = useHealth();
  const rows = data
    ? [
        { name: "Database", ok: data.database.ok, detail: data.database.ok ? `${data.database.latencyMs} ms` : data.database.error },
        { name: "Redis", ok: data.redis.ok, detail: data.redis.ok ? `${data.redis.latencyMs} ms` : data.redis.error },
        {
          name: "Workers",
          ok: data.workers.ok,
          detail: data.workers.ok ? (
            <>
              {data.workers.count} running · beat <TimeAgo iso={data.workers.lastHeartbeatAt} />
            </>
          ) : (
            "none running: start them with the start command"
          ),
        },
        {
          name: "Schedules",
          ok: data.schedules.ok,
          detail: data.schedules.ok
            ? "all in place"
            : data.schedules.missing.length
              ? `${data.schedules.missing.length} missing: a running worker puts them back within 10 s`
              : "unknown",
        },
        {
          name: "Reconciler",
          ok: data.reconciler.ok,
          detail: data.reconciler.lastRunAt ? (
            <>
              last run <TimeAgo iso={data.reconciler.lastRunAt} />
            </>
          ) : (
            "has not run yet"
          ),
        },
        {
          name: "Agent bus",
          ok: data.bus.ok,
          detail: data.bus.ok ? `${data.bus.latencyMs} ms · ${data.bus.connectedNodes ?? 0} nodes connected` : data.bus.error,
        },
      ]
    : [];
  return (
    <Card>
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            <Activity className="size-4" aria-hidden /> Control plane
          </span>
        }
        description="Refreshes every 10 seconds"
      />
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {isLoading && <li className="px-5 py-3 text-sm text-slate-500">Checking…</li>}
        {isError && <li className="px-5 py-3 text-sm text-red-600">The console could not check its own health.</li>}
        {rows.map((row) => (
          <li key={row.name} className="flex items-center justify-between gap-3 px-5 py-3 text-sm">
            <span className="font-medium">{row.name}</span>
            <span className="flex items-center gap-2 text-slate-500">
              <span className="hidden sm:inline">{row.detail}</span>
              <Badge tone={row.ok ? "green" : "red"}>{row.ok ? "Healthy" : "Down"}</Badge>
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
