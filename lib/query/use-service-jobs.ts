"use client";

import { useQuery } from "@tanstack/react-query";
import type { JobService, ServiceRun, ServiceRunDetail } from "@/lib/schemas/service-jobs";
import { api, type Page } from "./api";
import { keys } from "./keys";
import { useRefreshing } from "./use-refreshing";

export const useJobServices = (appId: string) =>
  useQuery({
    queryKey: keys.appJobs(appId),
    queryFn: () => api<{ items: JobService[] }>(`/applications/${appId}/jobs`),
    refetchInterval: 3_000,
  });

export const useJobRuns = (appId: string, serviceId: string | null) =>
  useQuery({
    queryKey: keys.jobRuns(appId, serviceId ?? ""),
    queryFn: () => api<Page<ServiceRun>>(`/applications/${appId}/services/${serviceId}/runs?limit=50`),
    enabled: serviceId !== null,
    refetchInterval: 2_000,
  });

export const useJobRun = (appId: string, serviceId: string, runId: string | null) =>
  useQuery({
    queryKey: keys.jobRun(appId, serviceId, runId ?? ""),
    queryFn: () => api<ServiceRunDetail>(`/applications/${appId}/services/${serviceId}/runs/${runId}`),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data && ["PENDING", "RUNNING"].includes(query.state.data.status) ? 2_000 : false),
  });

export const useRunNow = (appId: string) =>
  useRefreshing(
    (serviceId: string) => api<ServiceRun>(`/applications/${appId}/services/${serviceId}/runs`, { method: "POST" }),
    [keys.appJobs(appId)],
  );

export const useSetSchedule = (appId: string) =>
  useRefreshing(
    ({ serviceId, suspended }: { serviceId: string; suspended: boolean }) =>
      api<JobService>(`/applications/${appId}/services/${serviceId}/schedule`, { method: "PATCH", body: { suspended } }),
    [keys.appJobs(appId)],
  );
