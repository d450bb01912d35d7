import { reconcileCluster } from "@/lib/domain/clusters/reconcile/reconcile-cluster";
import { sweepClusters } from "@/lib/domain/clusters/sweep-clusters";
import { sweepNodeLiveness } from "@/lib/domain/nodes/sweep-node-liveness";
import { clusterReconcileJob, clusterSweepJob, nodeLivenessSweepJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const clusterReconcileHandler = defineHandler(clusterReconcileJob, ({ payload, log }) =>
  reconcileCluster({ clusterId: payload.clusterId, log }),
);

export const nodeLivenessSweepHandler = defineHandler(nodeLivenessSweepJob, () => sweepNodeLiveness(), { record: false });

export const clusterSweepHandler = defineHandler(clusterSweepJob, () => sweepClusters(), { record: false });
