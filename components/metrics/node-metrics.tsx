"use client";

import { useState } from "react";
import { useNodeMetrics } from "@/lib/query/use-metrics";
import type { MetricRange } from "@/lib/schemas/metrics";
import { MetricChart } from "./metric-chart";

/** The node page's Metrics card: CPU, memory used of total, network of the machine. */
export function NodeMetrics({ nodeId }: { nodeId: string }) {
  const [range, setRange] = useState<MetricRange>("1h");
  const query = useNodeMetrics(nodeId, range);
  return (
    <MetricChart
      testId="node-metrics"
      title="Metrics"
      description="The machine's CPU, memory and network, as its agent samples them."
      range={range}
      onRange={setRange}
      query={query}
      empty={
        <>
          The node's agent has sent no metrics in this range. A connected agent sends a sample every 10 seconds; if the node is Ready and
          this stays empty, update the agent to a version that collects metrics.
        </>
      }
    />
  );
}
