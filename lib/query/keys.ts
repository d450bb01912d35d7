/** One key factory, so a mutation invalidates exactly what it changes. */
export const keys = {
  me: () => ["me"] as const,
  organization: () => ["organization"] as const,
  quotas: () => ["organization", "quotas"] as const,
  installation: () => ["installation"] as const,
  installationOrganizations: () => ["installation", "organizations"] as const,
  members: () => ["members"] as const,
  invitations: () => ["invitations"] as const,
  tokens: () => ["tokens"] as const,
  audit: (action?: string) => ["audit", action ?? ""] as const,
  clusters: () => ["clusters"] as const,
  cluster: (id: string) => ["clusters", id] as const,
  joinTokens: (clusterId: string) => ["clusters", clusterId, "join-tokens"] as const,
  nodes: (clusterId: string) => ["clusters", clusterId, "nodes"] as const,
  rejoinRequests: (clusterId: string) => ["clusters", clusterId, "rejoin-requests"] as const,
  /** Services and stacks Wharf did not create; an adoption's preview starts with the same key. */
  foreignServices: (clusterId: string) => ["clusters", clusterId, "foreign-services"] as const,
  adoptionPreview: (clusterId: string, kind: string, name: string, appName: string) =>
    ["clusters", clusterId, "foreign-services", "preview", kind, name, appName] as const,
  node: (id: string) => ["nodes", id] as const,
  nodeCommands: (id: string) => ["nodes", id, "commands"] as const,
  applications: () => ["applications"] as const,
  application: (id: string) => ["applications", id] as const,
  appStatus: (id: string) => ["applications", id, "status"] as const,
  appVersions: (id: string) => ["applications", id, "versions"] as const,
  appEvents: (id: string) => ["applications", id, "events"] as const,
  appDeployments: (id: string) => ["applications", id, "deployments"] as const,
  /** Job-mode services, their runs and each run start with the application's "jobs". */
  appJobs: (id: string) => ["applications", id, "jobs"] as const,
  jobRuns: (id: string, serviceId: string) => ["applications", id, "jobs", serviceId, "runs"] as const,
  jobRun: (id: string, serviceId: string, runId: string) => ["applications", id, "jobs", serviceId, "runs", runId] as const,
  /** The template gallery: built-in templates and the organisation's own. */
  templates: () => ["templates"] as const,
  registry: () => ["registry"] as const,
  repositories: () => ["registry", "repositories"] as const,
  repository: (id: string) => ["registry", "repositories", id] as const,
  tags: (repositoryId: string) => ["registry", "repositories", repositoryId, "tags"] as const,
  repositoryEvents: (repositoryId: string) => ["registry", "repositories", repositoryId, "events"] as const,
  retentionRules: () => ["registry", "retention-rules"] as const,
  retentionPreview: (query: string) => ["registry", "retention-preview", query] as const,
  webhooks: () => ["registry", "webhooks"] as const,
  webhookDeliveries: (webhookId: string) => ["registry", "webhooks", webhookId, "deliveries"] as const,
  externalRegistries: () => ["registry", "external-registries"] as const,
  loadBalancers: (clusterId: string) => ["clusters", clusterId, "load-balancers"] as const,
  loadBalancerStatus: (id: string) => ["load-balancers", id, "status"] as const,
  certificates: (clusterId: string) => ["clusters", clusterId, "certificates"] as const,
  appTraffic: (id: string) => ["applications", id, "traffic"] as const,
  /** All release lists (the organisation's and each application's) start with "releases". */
  releases: (applicationId?: string) => ["releases", "list", applicationId ?? ""] as const,
  releaseLists: () => ["releases", "list"] as const,
  release: (id: string) => ["releases", id] as const,
  releaseFigures: (id: string) => ["releases", id, "figures"] as const,
  /** Charts: every key starts with "metrics", then what is charted, then the range. */
  nodeMetrics: (nodeId: string, range: string) => ["metrics", "nodes", nodeId, range] as const,
  serviceMetrics: (applicationId: string, serviceId: string, range: string) =>
    ["metrics", "applications", applicationId, "services", serviceId, range] as const,
  taskMetrics: (applicationId: string, taskId: string, range: string) =>
    ["metrics", "applications", applicationId, "tasks", taskId, range] as const,
  clusterUtilisation: (clusterId: string) => ["metrics", "clusters", clusterId, "utilisation"] as const,
  /** Rules and decisions both start with "autoscaling": an edit refreshes every list of either. */
  autoscaling: () => ["autoscaling"] as const,
  autoscalingRules: (applicationId?: string) => ["autoscaling", "rules", applicationId ?? ""] as const,
  autoscalingDecisions: (filter: { applicationId?: string; ruleId?: string }) =>
    ["autoscaling", "decisions", filter.applicationId ?? "", filter.ruleId ?? ""] as const,
  /** Log searches, stores, shipping state and sinks all start with "logs". */
  logs: () => ["logs"] as const,
  logSearch: (filters: Record<string, string | undefined>) => ["logs", "search", filters] as const,
  logContext: (lineId: string) => ["logs", "context", lineId] as const,
  logStores: () => ["logs", "stores"] as const,
  logNodes: (clusterId?: string) => ["logs", "nodes", clusterId ?? ""] as const,
  logSinks: () => ["logs", "sinks"] as const,
  /** Rules, history and silences start with "alerts": a rule's change refreshes what fires. */
  alerts: () => ["alerts"] as const,
  alertRules: () => ["alerts", "rules"] as const,
  alertHistory: (filter: { state?: string; ruleId?: string }, limit: number) =>
    ["alerts", "history", filter.state ?? "", filter.ruleId ?? "", limit] as const,
  alertSilences: () => ["alerts", "silences"] as const,
  channels: () => ["notification-channels"] as const,
  channelDeliveries: (channelId: string) => ["notification-channels", channelId, "deliveries"] as const,
};
