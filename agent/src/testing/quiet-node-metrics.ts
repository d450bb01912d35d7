/** A node's figures in a metrics batch where the values do not matter to the test (all but zero). */
import type { MetricsMessage } from "@/lib/protocol/metrics";

export const QUIET_NODE_METRICS: MetricsMessage["node"] = {
  cpuPercent: 1,
  memoryUsedBytes: 1,
  memoryTotalBytes: 2,
  load1: 0,
  networkRxBytesPerSecond: 0,
  networkTxBytesPerSecond: 0,
  containersRunning: 0,
};
