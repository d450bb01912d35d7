import type { JobHandler } from "./define-handler";
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
import { trafficSweepHandler, trafficSyncHandler } from "./jobs/traffic";

/** Every job handler the worker process runs. */
export const HANDLERS = [housekeepingHandler, clusterReconcileHandler, nodeLivenessSweepHandler, clusterSweepHandler, applicationDeployHandler, applicationReconcileHandler, applicationSweepHandler, registryGcHandler, registryRetentionRunHandler, registryRetentionSweepHandler, webhookDeliverHandler, webhookSweepHandler, trafficSyncHandler, trafficSweepHandler, releaseAdvanceHandler, releaseSweepHandler, autoscalingEvaluateHandler, alertRulesSyncHandler, alertEventsRaiseHandler, notificationDeliverHandler, notificationSweepHandler, logHousekeepingHandler, logSinksShipHandler] as unknown as JobHandler[];
