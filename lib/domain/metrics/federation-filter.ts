/**
 * What the federation endpoint asks Prometheus for, and what it lets through. The selectors are
 * built here from typed filters, each with the caller's organisation; the answer is checked line
 * by line again (defence in depth: a series without the caller's `org` label never leaves).
 */
import { promqlString } from "@/lib/drivers/prometheus/prometheus-client";
import { LABEL } from "@/lib/metrics/metric-names";
import type { FederationFilter } from "@/lib/schemas/metrics-federation";

const WHARF_SERIES = /^wharf_[a-zA-Z0-9_:]*$/;

/** One `match[]` selector per requested series name (or one for all of Wharf's). */
export function federationSelectors(orgId: string, filter: FederationFilter): string[] {
  const matchers = [`__name__=~"wharf_.*"`, `${LABEL.org}=${promqlString(orgId)}`];
  if (filter.cluster) matchers.push(`${LABEL.cluster}=${promqlString(filter.cluster)}`);
  if (filter.node) matchers.push(`${LABEL.node}=${promqlString(filter.node)}`);
  if (filter.application) matchers.push(`${LABEL.application}=${promqlString(filter.application)}`);
  if (filter.service) matchers.push(`${LABEL.service}=${promqlString(filter.service)}`);
  const names = filter.metric ?? [null];
  return names.map((name) => `{${[...matchers, ...(name ? [`__name__=${promqlString(name)}`] : [])].join(",")}}`);
}

/** A sample line's metric name, labels (values unescaped) and what follows them (value, timestamp), or null if it does not parse. */
export function parseSampleLine(line: string): { name: string; labels: Map<string, string>; rest: string } | null {
  const open = line.indexOf("{");
  if (open < 0) return null;
  const labels = new Map<string, string>();
  let i = open + 1;
  while (i < line.length && line[i] !== "}") {
    const eq = line.indexOf("=", i);
    if (eq < 0 || line[eq + 1] !== '"') return null;
    const name = line.slice(i, eq);
    let value = "";
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      const c = line[j];
      if (c !== "\\") value += c;
      else {
        const next = line[++j];
        value += next === "n" ? "\n" : (next ?? "");
      }
    }
    if (j >= line.length || labels.has(name)) return null;
    labels.set(name, value);
    i = line[j + 1] === "," ? j + 2 : j + 1;
  }
  if (line[i] !== "}") return null;
  return { name: line.slice(0, open), labels, rest: line.slice(i + 1) };
}

// The label Prometheus adds with the gateway's address: an installation's internals, not the user's.
const DROPPED_LABELS = new Set(["instance"]);
const escapeValue = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function withoutDroppedLabels(sample: { name: string; labels: Map<string, string>; rest: string }): string {
  const labels = [...sample.labels].filter(([name]) => !DROPPED_LABELS.has(name)).map(([name, value]) => `${name}="${escapeValue(value)}"`);
  return `${sample.name}{${labels.join(",")}}${sample.rest}`;
}

/** The exposition text with only the organisation's Wharf samples (and the TYPE/HELP lines of families that kept some), without `instance`. */
export function keepOrgSeries(text: string, orgId: string): string {
  const out: string[] = [];
  let header: string[] = [];
  let afterSamples = false;
  for (const line of text.split("\n")) {
    if (!line) continue;
    if (line.startsWith("#")) {
      if (afterSamples) [header, afterSamples] = [[], false];
      header.push(line);
      continue;
    }
    afterSamples = true;
    const sample = parseSampleLine(line);
    if (!sample || !WHARF_SERIES.test(sample.name) || sample.labels.get(LABEL.org) !== orgId) continue;
    out.push(...header, withoutDroppedLabels(sample));
    header = [];
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
