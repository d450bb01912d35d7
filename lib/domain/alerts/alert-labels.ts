/**
 * The labels of every alert Wharf has evaluated, whether Prometheus evaluates it (a metric rule) or
 * Wharf raises it (an event rule): the same names, so Alertmanager groups and silences both alike
 * and the receiver reads both the same way. Browser-free, pure.
 */
import { ALERT_SUBJECT_LABELS, type AlertRuleKind, type AlertSeverity } from "@/lib/schemas/alerts";

export const ALERT_LABEL = {
  /** Organisation id: every alert has it, every silence matches on it. */
  org: "org",
  /** AlertRule id. */
  rule: "rule",
  severity: "severity",
  alertname: "alertname",
} as const;

/**
 * Alertmanager groups by these: one group per rule and subject, i.e. per alert, so each firing is
 * notified (and resolved) on its own and never waits for, or hides behind, another subject's.
 */
export const ALERT_GROUP_BY: readonly string[] = [ALERT_LABEL.org, ALERT_LABEL.rule, ALERT_LABEL.alertname, ...ALERT_SUBJECT_LABELS];

/** `wharf_service_cpu`…: a valid metric-style name for the Prometheus rule and the alertname label. */
export const alertName = (kind: AlertRuleKind) => `wharf_${kind.toLowerCase()}`;

/** The labels every alert of a rule carries. */
export function ruleLabels(rule: { id: string; orgId: string; kind: AlertRuleKind; severity: AlertSeverity }): Record<string, string> {
  return {
    [ALERT_LABEL.alertname]: alertName(rule.kind),
    [ALERT_LABEL.org]: rule.orgId,
    [ALERT_LABEL.rule]: rule.id,
    [ALERT_LABEL.severity]: rule.severity.toLowerCase(),
  };
}
