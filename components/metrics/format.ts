/** How charts print values and times (browser only). */
import { formatBytes } from "@/lib/format";
import type { MetricRange, MetricUnit } from "@/lib/schemas/metrics";

/** One decimal below 10 %, where it matters (an idle service at 0.4 % is not 0 %). */
const percent = (value: number) => `${value.toFixed(Math.abs(value) < 10 ? 1 : 0)} %`;

/** A value in its unit; null (no sample) is a dash. */
export function formatValue(unit: MetricUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (unit === "percent") return percent(value);
  if (unit === "bytes") return formatBytes(value);
  return `${formatBytes(value)}/s`;
}

/** Axis ticks: shorter than a tooltip's values; three significant digits, so a small axis (an idle service) still reads 0.25 %. */
export function formatTick(unit: MetricUnit, value: number): string {
  const short = (v: number) => String(Number(v.toPrecision(3)));
  if (unit === "percent") return `${short(value)}%`;
  const text = value < 1024 ? `${short(value)}B` : formatBytes(value).replace(" ", "");
  return unit === "bytes" ? text : `${text}/s`;
}

export const RANGE_LABELS: Record<MetricRange, string> = { "15m": "15 min", "1h": "1 h", "24h": "24 h", "7d": "7 d" };

/** Time on the x axis: the clock for a day or less, the weekday and hour for a week. */
export function formatAxisTime(range: MetricRange, t: number): string {
  const d = new Date(t);
  if (range === "7d") return d.toLocaleString("en-GB", { weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false });
  return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false });
}

/** Time in a tooltip: to the second, with the date when the range spans days. */
export function formatPointTime(range: MetricRange, t: number): string {
  const d = new Date(t);
  const time = d.toLocaleTimeString("en-GB", { hour12: false });
  return range === "24h" || range === "7d" ? `${d.toLocaleDateString("en-GB", { day: "numeric", month: "short" })} ${time}` : time;
}
