/**
 * The Prometheus text exposition format (version 0.0.4), the small part of it the gateway writes:
 * one HELP and TYPE line per metric family, then its samples, no timestamps (Prometheus stamps
 * each scrape itself, and an agent's clock is not trusted). No client library: the node_modules
 * of this project have none, and what is needed here is escaping and number formatting.
 */

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "gauge" | "counter";

export type Family = { name: string; help: string; type: MetricType };

/** A label value between double quotes: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") : value;
}

/** HELP text escapes only backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** `a="x",b="y"` (without braces), so a node's labels can be extended by its containers'. */
export function labelPairs(labels: ReadonlyArray<readonly [string, string]>): string {
  let out = "";
  for (const [name, value] of labels) out += `${out ? "," : ""}${name}="${escapeLabelValue(value)}"`;
  return out;
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

export function familyHeader({ name, help, type }: Family): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

/** One sample line; `pairs` from labelPairs (empty for none). */
export function sampleLine(name: string, pairs: string, value: number): string {
  return `${name}${pairs ? `{${pairs}}` : ""} ${formatValue(value)}\n`;
}
