/** What evaluating an alert rule reads of it, for the Prometheus rules and the event alerts alike. */
export const ALERT_RULE_SELECT = {
  id: true,
  orgId: true,
  name: true,
  kind: true,
  severity: true,
  threshold: true,
  forSeconds: true,
  clusterId: true,
  nodeId: true,
  applicationId: true,
  service: true,
} as const;
