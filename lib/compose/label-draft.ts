/** What the label checks work on: the labels parseLabels gathered, and where to report. */
import type { AutoScalingEntry } from "./auto-scaling";
import type { LabelEntry } from "./collect-labels";
import type { ClusterLoadBalancer, LogStore, ServiceExtensions } from "./extensions";
import type { IssueList } from "./issue-list";
import type { ComposeService } from "./schema-service";
import type { PathSegment } from "./types";

/** Labels gathered by parseLabels, checked together here once all of them are known. */
export interface LabelDraft {
  ext: ServiceExtensions;
  scale?: LabelEntry;
  global?: LabelEntry;
  depends?: LabelEntry;
  rolling?: LabelEntry;
  parallelism?: LabelEntry;
  probe: Partial<Record<"url" | "cmd" | "timeout_seconds" | "initial_delay_seconds", LabelEntry>>;
  schedule: Partial<Record<"cron" | "timezone", LabelEntry>>;
  lb: { port: number; entry: LabelEntry }[];
  routing: { containerPort: number; entry: LabelEntry }[];
  logStores: Map<string, LogStore & { entry?: LabelEntry }>;
  logTtls: Map<string, { days: number; entry: LabelEntry }>;
  pilotExtras: { name: string; entry: LabelEntry }[];
  autoScaling: Map<string, AutoScalingEntry>;
  gpu?: LabelEntry;
  gpuDevices?: LabelEntry;
}

export interface FinishOptions {
  draft: LabelDraft;
  service: ComposeService;
  base: PathSegment[];
  issues: IssueList;
  /** The target cluster's load balancers, when known: bindings naming others are errors. */
  loadBalancers?: readonly ClusterLoadBalancer[];
  logTtlMaxDays?: number;
}
