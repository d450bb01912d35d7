/**
 * The time span and resolution of a chart: the step is chosen from the range so every chart has
 * ~170-290 points, enough to see a spike and few enough to draw fast.
 */
import type { MetricRange } from "@/lib/schemas/metrics";

const RANGES: Record<MetricRange, { seconds: number; stepSeconds: number }> = {
  "15m": { seconds: 15 * 60, stepSeconds: 5 }, // 180 points
  "1h": { seconds: 3600, stepSeconds: 15 }, // 240
  "24h": { seconds: 86_400, stepSeconds: 300 }, // 288
  "7d": { seconds: 7 * 86_400, stepSeconds: 3600 }, // 168
};

/**
 * Agents sample every 10 s by default and Prometheus scrapes on its own period: each point averages
 * at least this long a window, so it always covers a sample and a long step averages every sample
 * it spans instead of picking one of them.
 */
const MIN_SMOOTHING_SECONDS = 30;

export type ChartWindow = { range: MetricRange; start: Date; end: Date; stepSeconds: number; smoothingSeconds: number };

export function chartWindow(range: MetricRange, now: Date = new Date()): ChartWindow {
  const { seconds, stepSeconds } = RANGES[range];
  // Whole seconds, so the points Prometheus returns fall on whole milliseconds of one grid.
  const endSeconds = Math.floor(now.getTime() / 1000);
  return {
    range,
    start: new Date((endSeconds - seconds) * 1000),
    end: new Date(endSeconds * 1000),
    stepSeconds,
    smoothingSeconds: Math.max(stepSeconds, MIN_SMOOTHING_SECONDS),
  };
}

/** The instants a range query is evaluated at, in unix milliseconds (start, start + step, … ≤ end). */
export function chartInstants(window: Pick<ChartWindow, "start" | "end" | "stepSeconds">): number[] {
  const out: number[] = [];
  const stepMs = window.stepSeconds * 1000;
  for (let t = window.start.getTime(); t <= window.end.getTime(); t += stepMs) out.push(t);
  return out;
}
