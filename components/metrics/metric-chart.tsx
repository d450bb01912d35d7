"use client";

import { LineChart as ChartIcon } from "lucide-react";
import { useId, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ApiError } from "@/lib/query/api";
import type { MetricChart as MetricChartData, MetricRange } from "@/lib/schemas/metrics";
import type { ChartMarker, ChartThreshold } from "./chart-annotations";
import { ChartPanelView } from "./chart-panel";
import { RangeSwitcher } from "./range-switcher";

/** The parts of a react-query result a chart needs. */
export type ChartQuery = {
  data: MetricChartData | undefined;
  error: Error | null;
  isLoading: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
};

export const hasData = (chart: MetricChartData) => chart.panels.some((p) => p.series.some((s) => s.points.some(([, v]) => v !== null)));

function ChartError({ error }: { error: Error }) {
  if (error instanceof ApiError && error.status === 503)
    return (
      <Alert tone="warning" title="Metrics are unavailable right now">
        {error.message}
      </Alert>
    );
  return <Alert title="The chart could not be loaded">{error.message}</Alert>;
}

/**
 * A card of metric panels (CPU, memory, network) over a range the viewer picks: several series per
 * panel with values on hover and in the legend, optional threshold lines and decision markers, and
 * a loading, error or empty state that says what to do.
 */
export function MetricChart({
  title,
  description,
  range,
  onRange,
  query,
  thresholds = [],
  markers = [],
  empty,
  actions,
  testId,
}: {
  title: ReactNode;
  description?: ReactNode;
  range: MetricRange;
  onRange: (range: MetricRange) => void;
  query: ChartQuery;
  thresholds?: ChartThreshold[];
  markers?: ChartMarker[];
  /** What to do when there is nothing to draw yet (the API answered, with no samples in the range). */
  empty: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  const syncId = useId();
  const { data, error, isLoading } = query;
  const switching = query.isPlaceholderData && query.isFetching;
  const domain: [number, number] | null = data ? [new Date(data.from).getTime(), new Date(data.to).getTime()] : null;
  return (
    <Card data-testid={testId} aria-busy={isLoading || switching || undefined}>
      <CardHeader
        title={title}
        description={description}
        actions={
          <>
            {actions}
            <RangeSwitcher value={range} onChange={onRange} label="Time range" />
          </>
        }
      />
      <div className="p-5">
        {error && !data ? (
          <ChartError error={error} />
        ) : isLoading || !data || !domain ? (
          <div className="flex h-48 items-center justify-center text-sm text-slate-500" role="status">
            Loading the chart…
          </div>
        ) : !hasData(data) ? (
          <EmptyState icon={<ChartIcon className="size-7" aria-hidden />} title="No metrics in this range yet">
            {empty}
          </EmptyState>
        ) : (
          <>
            {error && (
              <div className="mb-4">
                <ChartError error={error} />
              </div>
            )}
            {switching && (
              <p className="mb-2 text-xs text-slate-500" role="status">
                Loading the {range} chart…
              </p>
            )}
            <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
              {data.panels.map((panel) => (
                <ChartPanelView
                  key={panel.id}
                  panel={panel}
                  range={data.range}
                  domain={domain}
                  syncId={syncId}
                  thresholds={thresholds.filter((t) => t.panel === panel.id)}
                  markers={markers.filter((m) => m.panel === panel.id)}
                />
              ))}
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
