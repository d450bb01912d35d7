import type { JobHandler } from "./define-handler";
import { clusterReconcileHandler, clusterSweepHandler, nodeLivenessSweepHandler } from "./jobs/clusters";
import { housekeepingHandler } from "./jobs/housekeeping";

/** Every job handler the worker process runs. */
export const HANDLERS = [housekeepingHandler, clusterReconcileHandler, nodeLivenessSweepHandler, clusterSweepHandler] as unknown as JobHandler[];
