/** One look for chart lines, thresholds and decision markers across the node, service and task charts. */
import type { ChartSeries } from "@/lib/schemas/metrics";

/** The summary line (average, the node itself) in the brand blue; tasks in distinct, quieter colours. */
const MAIN = "#1f66c4";
const SECOND = "#059669";
const TASKS = ["#d97706", "#9333ea", "#db2777", "#0891b2", "#65a30d", "#dc2626", "#4f46e5", "#0d9488", "#ca8a04", "#7c3aed"];
const LIMIT = "#94a3b8";

export type LineStyle = { stroke: string; width: number; dash?: string; opacity: number };

/** Colours by position among the panel's series of the same kind, so a legend reads the same on every refresh. */
export function lineStyles(series: ChartSeries[]): LineStyle[] {
  let main = 0;
  let task = 0;
  return series.map((s) => {
    if (s.kind === "limit") return { stroke: LIMIT, width: 1.5, dash: "6 4", opacity: 1 };
    if (s.kind === "task") return { stroke: TASKS[task++ % TASKS.length] ?? LIMIT, width: 1.25, opacity: 0.85 };
    return { stroke: main++ === 0 ? MAIN : SECOND, width: 2.25, opacity: 1 };
  });
}

/** Scale out is red (above the ceiling), scale in blue; a held-back decision grey. */
export const DIRECTION_COLOUR = { out: "#dc2626", in: "#2563eb", held: "#64748b" } as const;

export const AXIS_TICK = { fontSize: 11, fill: "#64748b" };
