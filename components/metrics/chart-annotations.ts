/** What the service chart draws over the metrics: an autoscaling rule's thresholds and its decisions. */
import type { ChartPanel } from "@/lib/schemas/metrics";

export type PanelId = ChartPanel["id"];

/** A horizontal line: scale out above it ("out") or in below it ("in"). */
export type ChartThreshold = { panel: PanelId; value: number; label: string; direction: "out" | "in" };

/** A decision at an instant: a marker whose tooltip is the evaluator's explanation. */
export type ChartMarker = {
  id: string;
  t: number;
  panel: PanelId;
  direction: "out" | "in" | "held";
  /** A few characters on the marker: "+2", "−1", "held". */
  short: string;
  explanation: string;
};
