import type { ALL_JOBS, JobName } from "@/lib/queue/jobs";
import type { AnyJobHandler, JobHandler } from "./define-handler";
import { affinitySweepHandler, affinitySyncHandler } from "./jobs/affinity";
import { alertEventsRaiseHandler, alertRulesSyncHandler, notificationDeliverHandler, notificationSweepHandler } from "./jobs/alerts";
import { autoscalingEvaluateHandler } from "./jobs/autoscaling";
import { applicationDeployHandler, applicationReconcileHandler, applicationSweepHandler } from "./jobs/applications";
import { clusterReconcileHandler, clusterSweepHandler, nodeLivenessSweepHandler } from "./jobs/clusters";
import { housekeepingHandler } from "./jobs/housekeeping";
import { logHousekeepingHandler, logSinksShipHandler } from "./jobs/logs";
import { registryGcHandler } from "./jobs/registry-gc";
import { registryRetentionRunHandler, registryRetentionSweepHandler } from "./jobs/registry-retention";
import { webhookDeliverHandler, webhookSweepHandler } from "./jobs/registry-webhooks";
import { releaseAdvanceHandler, releaseSweepHandler } from "./jobs/releases";
import { jobSchedulesTickHandler, serviceRunHandler } from "./jobs/service-runs";
import { trafficSweepHandler, trafficSyncHandler } from "./jobs/traffic";

type ContractNamed<N extends JobName> = Extract<(typeof ALL_JOBS)[number], { name: N }>;

/** One handler per job name: a job without a handler (or a handler under another name) does not compile. */
const TABLE: { [N in JobName]: JobHandler<ContractNamed<N>["schema"], N> } = {
  "housekeeping.run": housekeepingHandler,
  "cluster.reconcile": clusterReconcileHandler,
  "nodes.sweep-liveness": nodeLivenessSweepHandler,
  "clusters.sweep": clusterSweepHandler,
  "application.deploy": applicationDeployHandler,
  "application.reconcile": applicationReconcileHandler,
  "applications.sweep": applicationSweepHandler,
  "registry.gc": registryGcHandler,
  "registry.retention-run": registryRetentionRunHandler,
  "registry.retention-sweep": registryRetentionSweepHandler,
  "webhook.deliver": webhookDeliverHandler,
  "webhooks.sweep": webhookSweepHandler,
  "traffic.sync": trafficSyncHandler,
  "traffic.sweep": trafficSweepHandler,
  "affinity.sync": affinitySyncHandler,
  "affinity.sweep": affinitySweepHandler,
  "release.advance": releaseAdvanceHandler,
  "releases.sweep": releaseSweepHandler,
  "autoscaling.evaluate": autoscalingEvaluateHandler,
  "alerts.sync-rules": alertRulesSyncHandler,
  "alerts.raise-events": alertEventsRaiseHandler,
  "notification.deliver": notificationDeliverHandler,
  "notifications.sweep": notificationSweepHandler,
  "logs.housekeeping": logHousekeepingHandler,
  "logs.ship-sinks": logSinksShipHandler,
  "job-schedules.tick": jobSchedulesTickHandler,
  "service-run.execute": serviceRunHandler,
};

/** Every job handler the worker process runs, by job name. */
export const HANDLERS: ReadonlyMap<string, AnyJobHandler> = new Map(Object.entries(TABLE));
