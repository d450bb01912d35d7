/** How the Alerts pages word rules, severities, durations and alert labels. */
import { ALERT_KIND_INFO, type AlertRuleKind, type AlertRuleView, type AlertSeverity } from "@/lib/schemas/alerts";

export const SEVERITY: Record<AlertSeverity, { label: string; tone: "blue" | "yellow" | "red" }> = {
  INFO: { label: "info", tone: "blue" },
  WARNING: { label: "warning", tone: "yellow" },
  CRITICAL: { label: "critical", tone: "red" },
};

/** "30 s", "5 min", "1 h 30 min", "2 d". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) {
    const m = Math.round((s % 3600) / 60);
    return m ? `${Math.floor(s / 3600)} h ${m} min` : `${s / 3600} h`;
  }
  const h = Math.round((s % 86_400) / 3600);
  return h ? `${Math.floor(s / 86_400)} d ${h} h` : `${Math.round(s / 86_400)} d`;
}

/** Durations a rule's "for" offers (any other value of an existing rule is added to the list). */
export const FOR_PRESETS = [0, 30, 60, 120, 300, 600, 900, 1800, 3600] as const;
export const forLabel = (seconds: number) => (seconds === 0 ? "at once" : duration(seconds));

/**
 * Whether a rule's "for" means something: Prometheus holds a metric rule's condition that long
 * (restarts are counted over it, at least a minute); Wharf raises its own rules as soon as they hold.
 */
export const usesDuration = (kind: AlertRuleKind) => ALERT_KIND_INFO[kind].evaluatedBy === "prometheus";
/** Restarts are counted over the rule's duration, at least a minute (as the rule file is written). */
export const restartWindow = (forSeconds: number) => Math.max(60, forSeconds);

/** A threshold a new rule starts with: a sensible alerting level for its unit. */
export const DEFAULT_THRESHOLD: Partial<Record<AlertRuleKind, number>> = {
  SERVICE_CPU: 80,
  SERVICE_MEMORY: 90,
  NODE_CPU: 90,
  NODE_MEMORY: 90,
  TASK_RESTARTS: 3,
  LB_5XX_RATE: 5,
  REGISTRY_QUOTA: 90,
};

export const unitText = (kind: AlertRuleKind) =>
  ALERT_KIND_INFO[kind].threshold?.unit === "percent" ? "%" : kind === "TASK_RESTARTS" ? "restarts" : "";

/** "above 80 % for 1 min", "a task restarted ≥ 3 times within 5 min"; null for rules without a threshold (the kind says it all). */
export function conditionText(rule: Pick<AlertRuleView, "kind" | "threshold" | "forSeconds">): string | null {
  if (rule.threshold === null || !ALERT_KIND_INFO[rule.kind].threshold) return null;
  if (rule.kind === "TASK_RESTARTS") return `a task restarted ≥ ${rule.threshold} times within ${duration(restartWindow(rule.forSeconds))}`;
  const lasting = usesDuration(rule.kind) && rule.forSeconds > 0 ? ` for ${duration(rule.forSeconds)}` : "";
  return `above ${rule.threshold} %${lasting}`;
}

/**
 * An alert's subject labels worth showing (not org, rule, severity, or Alertmanager's own), as a
 * person reads them: the cluster by name, the node by hostname when the alert carries it.
 */
export function subjectLabels(
  labels: Record<string, string>,
  clusterName: (id: string) => string | undefined = () => undefined,
): Array<[string, string]> {
  const hidden = new Set([
    "org",
    "rule",
    "severity",
    "alertname",
    "kind",
    "wharf_rule",
    "wharf_org",
    ...(labels.hostname ? ["hostname"] : []),
  ]);
  return Object.entries(labels)
    .filter(([k]) => !hidden.has(k))
    .map(([k, v]): [string, string] => [k, k === "cluster" ? (clusterName(v) ?? v) : k === "node" && labels.hostname ? labels.hostname : v])
    .sort(([a], [b]) => a.localeCompare(b));
}
