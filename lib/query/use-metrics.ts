"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { ClusterUtilisation, MetricChart, MetricRange } from "@/lib/schemas/metrics";
import { api } from "./api";
import { keys } from "./keys";

/** A chart refreshes about as often as a new point appears at its resolution (and never faster than the samples). */
const REFRESH_MS: Record<MetricRange, number> = { "15m": 10_000, "1h": 15_000, "24h": 60_000, "7d": 300_000 };

/** The previous range's chart stays on screen while another range loads (no flash of an empty chart). */
const chartQuery = (queryKey: readonly unknown[], path: string, range: MetricRange) => ({
  queryKey,
  queryFn: () => api<MetricChart>(`${path}?range=${range}`),
  refetchInterval: REFRESH_MS[range],
  placeholderData: keepPreviousData,
});

export const useNodeMetrics = (nodeId: string, range: MetricRange) =>
  useQuery(chartQuery(keys.nodeMetrics(nodeId, range), `/metrics/nodes/${nodeId}`, range));

export const useServiceMetrics = (applicationId: string, serviceId: string, range: MetricRange) =>
  useQuery(
    chartQuery(keys.serviceMetrics(applicationId, serviceId, range), `/metrics/applications/${applicationId}/services/${serviceId}`, range),
  );

export const useTaskMetrics = (applicationId: string, taskId: string, range: MetricRange) =>
  useQuery(chartQuery(keys.taskMetrics(applicationId, taskId, range), `/metrics/applications/${applicationId}/tasks/${taskId}`, range));

/** The dashboard's per-node figures: "now" is the last minute, so once every 15 s is plenty. */
export const useClusterUtilisation = (clusterId: string) =>
  useQuery({
    queryKey: keys.clusterUtilisation(clusterId),
    queryFn: () => api<ClusterUtilisation>(`/metrics/clusters/${clusterId}/utilisation`),
    refetchInterval: 15_000,
  });
