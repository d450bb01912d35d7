"use client";

import { Cpu } from "lucide-react";
import Link from "next/link";
import { Line, LineChart, YAxis } from "recharts";
import { UsageBar } from "@/components/clusters/usage-bar";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { formatBytes } from "@/lib/format";
import { ApiError } from "@/lib/query/api";
import { useClusters } from "@/lib/query/use-clusters";
import { useClusterUtilisation } from "@/lib/query/use-metrics";
import type { ChartPoint, NodeUtilisation } from "@/lib/schemas/metrics";
import { formatValue } from "./format";
import { isolatedDot } from "./isolated-dot";

/** Clusters drawn on the dashboard; the rest are a click away. */
const MAX_CLUSTERS = 6;

/** The last hour at a glance: no axes, 0-100 %. */
function Sparkline({ points, stroke, label }: { points: ChartPoint[]; stroke: string; label: string }) {
  const data = points.map(([t, v]) => ({ t, v }));
  if (!data.some((d) => d.v !== null)) return <span className="inline-block w-24 text-center text-xs text-slate-400">no data</span>;
  return (
    <span role="img" aria-label={`${label} over the last hour`} className="inline-block">
      <LineChart width={96} height={26} data={data} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
        <YAxis hide domain={[0, 100]} />
        <Line
          type="monotone"
          dataKey="v"
          stroke={stroke}
          strokeWidth={1.5}
          dot={isolatedDot(stroke, 1.5)}
          isAnimationActive={false}
          connectNulls={false}
        />
      </LineChart>
    </span>
  );
}

const memoryPercent = (n: NodeUtilisation) =>
  n.memoryUsedBytes !== null && n.memoryTotalBytes ? (100 * n.memoryUsedBytes) / n.memoryTotalBytes : null;

function ClusterRows({ clusterId, name }: { clusterId: string; name: string }) {
  const { data, error } = useClusterUtilisation(clusterId);
  return (
    <section className="px-5 py-4" data-testid={`utilisation-${name}`}>
      <h3 className="flex flex-wrap items-baseline justify-between gap-2 text-sm font-semibold">
        <Link href={`/clusters/${clusterId}`} className="hover:underline">
          {name}
        </Link>
        {data && (
          <span className="text-xs font-normal text-slate-500">
            CPU {formatValue("percent", data.cpuPercent)} · memory {formatValue("percent", data.memoryPercent)} (last minute)
          </span>
        )}
      </h3>
      {error && (
        <div className="mt-2">
          <Alert tone={error instanceof ApiError && error.status === 503 ? "warning" : "error"}>{error.message}</Alert>
        </div>
      )}
      {data && data.nodes.length === 0 && (
        <p className="mt-2 text-sm text-slate-500">No machines yet: add one from the cluster&apos;s page.</p>
      )}
      {data && data.nodes.length > 0 && (
        <ul className="mt-2 space-y-2">
          {data.nodes.map((n) => (
            <li key={n.nodeId} className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
              <Link
                href={`/clusters/${clusterId}/nodes/${n.nodeId}`}
                className="w-36 truncate font-medium text-brand-600 hover:underline"
                title={n.hostname}
              >
                {n.hostname}
              </Link>
              <span className="flex items-center gap-2">
                <UsageBar label="CPU" percent={n.cpuPercent} />
                <Sparkline points={n.cpu} stroke="#1f66c4" label={`CPU of ${n.hostname}`} />
              </span>
              <span className="flex items-center gap-2" title={`${formatBytes(n.memoryUsedBytes)} of ${formatBytes(n.memoryTotalBytes)}`}>
                <UsageBar label="Mem" percent={memoryPercent(n)} />
                <Sparkline points={n.memory} stroke="#059669" label={`Memory of ${n.hostname}`} />
              </span>
              {n.status !== "READY" && <span className="text-xs text-slate-500">{n.status.toLowerCase()}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The dashboard's cluster utilisation (shown once there is a cluster): each node's CPU and memory now and over the last hour. */
export function ClusterUtilisationCard() {
  const clusters = useClusters();
  const items = clusters.data?.items ?? [];
  return (
    <Card data-testid="cluster-utilisation">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            <Cpu className="size-4" aria-hidden /> Cluster utilisation
          </span>
        }
        description="CPU and memory of every machine: now, and the last hour"
      />
      <div className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.slice(0, MAX_CLUSTERS).map((c) => (
          <ClusterRows key={c.id} clusterId={c.id} name={c.name} />
        ))}
        {items.length > MAX_CLUSTERS && (
          <p className="px-5 py-3 text-sm">
            <Link href="/clusters" className="text-brand-600 hover:underline">
              All {items.length} clusters
            </Link>
          </p>
        )}
      </div>
    </Card>
  );
}
