/**
 * The PromQL of Wharf's metric alert rules, built from typed inputs like the charts' and the
 * autoscaler's: series and label names from metric-names.ts, every value quoted with
 * promqlString, and every selector starting with the rule's organisation (`org="<orgId>"`), so a
 * rule can only ever see its own organisation's series. The expressions keep the labels that name
 * the subject (org, cluster, node, application, service) and drop the rest, so one alert fires
 * per subject.
 *
 * Per series first `max by (…, task)` (or per node): while an agent moves from one gateway to
 * another, both may expose its latest sample for a scrape or two, and a task must count once.
 */
import { promqlString } from "@/lib/drivers/prometheus/prometheus-client";
import { LABEL, METRIC, type MetricName } from "./metric-names";

/** Whose series a rule watches: always one organisation, narrowed by what the rule names. */
export type AlertScope = {
  orgId: string;
  clusterId?: string | null;
  nodeId?: string | null;
  application?: string | null;
  service?: string | null;
};

const NARROWING = [
  ["clusterId", LABEL.cluster],
  ["nodeId", LABEL.node],
  ["application", LABEL.application],
  ["service", LABEL.service],
] as const;

function selector(metric: MetricName, scope: AlertScope, offsetSeconds?: number): string {
  if (!scope.orgId) throw new Error("an alert rule's query needs its organisation");
  const matchers = [`${LABEL.org}=${promqlString(scope.orgId)}`];
  for (const [key, label] of NARROWING) {
    const value = scope[key];
    if (value) matchers.push(`${label}=${promqlString(value)}`);
  }
  return `${metric}{${matchers.join(",")}}${offsetSeconds ? ` offset ${Math.round(offsetSeconds)}s` : ""}`;
}

const SERVICE = [LABEL.org, LABEL.cluster, LABEL.application, LABEL.service].join(", ");
const NODE = [LABEL.org, LABEL.cluster, LABEL.node, LABEL.hostname].join(", ");

/** A finite threshold as PromQL text (no exponent surprises, no NaN). */
function number(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`an alert threshold must be a finite number (got ${value})`);
  return String(Math.round(value * 1e6) / 1e6);
}

/** The average over a service's tasks, per service (what the service chart's "Average" shows). */
const serviceAverage = (metric: MetricName, scope: AlertScope) =>
  `avg by (${SERVICE}) (max by (${SERVICE}, ${LABEL.task}) (${selector(metric, scope)}))`;

export const serviceCpuAbove = (scope: AlertScope, percent: number) =>
  `${serviceAverage(METRIC.containerCpuPercent, scope)} > ${number(percent)}`;

/** Memory as a percentage of the containers' limit (containers without a limit: of the node's memory). */
export const serviceMemoryAbove = (scope: AlertScope, percent: number) =>
  `${serviceAverage(METRIC.containerMemoryPercent, scope)} > ${number(percent)}`;

export const nodeCpuAbove = (scope: AlertScope, percent: number) =>
  `max by (${NODE}) (${selector(METRIC.nodeCpuPercent, scope)}) > ${number(percent)}`;

export const nodeMemoryAbove = (scope: AlertScope, percent: number) =>
  `100 * max by (${NODE}) (${selector(METRIC.nodeMemoryUsedBytes, scope)}) / max by (${NODE}) (${selector(METRIC.nodeMemoryTotalBytes, scope)}) > ${number(percent)}`;

/**
 * Restarts of a service's tasks within the last `windowSeconds`. A task's restart count is carried
 * by its current container's series (agent/src/metrics/task-slots.ts: Swarm replaces a failed
 * container with a new task, whose count is the failed ones before it), so the service's total is
 * the sum over its current tasks, and the restarts within the window are that total now minus
 * the total a window ago (0 for a service younger than the window: every restart counts).
 */
export function taskRestartsAtLeast(scope: AlertScope, count: number, windowSeconds: number): string {
  const total = (offset?: number) =>
    `sum by (${SERVICE}) (max by (${SERVICE}, ${LABEL.task}) (${selector(METRIC.containerRestarts, scope, offset)}))`;
  const now = total();
  return `(${now} - (${total(windowSeconds)} or (${now} * 0))) >= ${number(count)}`;
}
