"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTaskMetrics } from "@/lib/query/use-metrics";
import type { MetricRange } from "@/lib/schemas/metrics";
import { MetricChart } from "./metric-chart";

/** One task's container (opened from the task table). */
export function TaskMetrics({
  applicationId,
  taskId,
  name,
  onClose,
}: {
  applicationId: string;
  taskId: string;
  name: string;
  onClose: () => void;
}) {
  const [range, setRange] = useState<MetricRange>("1h");
  const query = useTaskMetrics(applicationId, taskId, range);
  return (
    <MetricChart
      testId="task-metrics"
      title={`Container of ${name}`}
      description={
        <>
          Task <code className="text-xs">{taskId.slice(0, 10)}</code>: CPU, memory against its limit, network.
        </>
      }
      range={range}
      onRange={setRange}
      query={query}
      actions={
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      }
      empty={
        <>
          This container reported no metrics in this range. A task that has just started shows data within about 30 seconds; one that never
          ran has none.
        </>
      }
    />
  );
}
