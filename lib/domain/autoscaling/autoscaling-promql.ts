/**
 * The PromQL the evaluator sends: one query per metric and window for every rule of a batch, not
 * one per rule. Built from typed inputs only: the series name from lib/metrics/metric-names.ts,
 * organisation ids as an anchored alternation (quoted with promqlString, regex characters escaped).
 * Results are matched back to rules by (org, application, service), so a series of another
 * organisation can never reach a rule.
 *
 * Per series first `max by (…, task)`: an agent moving between gateways may be exposed twice for a
 * scrape or two, and a task must count once; then `avg by (org, application, service)`: the
 * average over the service's containers, what the thresholds mean (the service chart's "Average").
 */
import { promqlString } from "@/lib/drivers/prometheus/prometheus-client";
import { LABEL, type MetricName } from "@/lib/metrics/metric-names";

const GROUP = `${LABEL.org}, ${LABEL.application}, ${LABEL.service}`;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function serviceAveragesQuery({
  series,
  windowSeconds,
  orgIds,
}: {
  series: MetricName;
  windowSeconds: number;
  orgIds: readonly string[];
}): string {
  if (orgIds.length === 0) throw new Error("an autoscaling query needs at least one organisation");
  const orgs = promqlString(orgIds.map(escapeRegex).join("|"));
  return `avg by (${GROUP}) (max by (${GROUP}, ${LABEL.task}) (avg_over_time(${series}{${LABEL.org}=~${orgs}}[${Math.round(windowSeconds)}s])))`;
}

/** The key a query result and a rule share. */
export const serviceKey = (org: string, application: string, service: string) => JSON.stringify([org, application, service]);
