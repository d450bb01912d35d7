"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Application,
  AppEventView,
  AppStatus,
  CreateApplicationInput,
  DeployPlan,
  Deployment,
  NewVersionInput,
  versionDetailSchema,
  versionSchema,
} from "@/lib/schemas/applications";
import type { ComposeIssue } from "@/lib/schemas/applications";
import { api, type Page } from "./api";
import { keys } from "./keys";
import { useRefreshing } from "./use-refreshing";

export type Version = z.infer<typeof versionSchema>;
export type VersionDetail = z.infer<typeof versionDetailSchema>;
export type Created = { application: Application; deployment: Deployment; warnings: ComposeIssue[] };

export const useApplications = () =>
  useQuery({ queryKey: keys.applications(), queryFn: () => api<Page<Application>>("/applications?limit=200"), refetchInterval: 10_000 });
export const useApplication = (id: string) =>
  useQuery({ queryKey: keys.application(id), queryFn: () => api<Application>(`/applications/${id}`), refetchInterval: 3_000 });
export const useAppStatus = (id: string) =>
  useQuery({ queryKey: keys.appStatus(id), queryFn: () => api<AppStatus>(`/applications/${id}/status`), refetchInterval: 3_000 });
export const useAppVersions = (id: string) =>
  useQuery({ queryKey: keys.appVersions(id), queryFn: () => api<{ items: Version[] }>(`/applications/${id}/versions`) });
export const useAppEvents = (id: string) =>
  useQuery({
    queryKey: keys.appEvents(id),
    queryFn: () => api<Page<AppEventView>>(`/applications/${id}/events?limit=100`),
    refetchInterval: 5_000,
  });
export const useAppDeployments = (id: string) =>
  useQuery({
    queryKey: keys.appDeployments(id),
    queryFn: () => api<Page<Deployment>>(`/applications/${id}/deployments?limit=20`),
    refetchInterval: 2_000,
  });

export const fetchVersion = (appId: string, versionId: string) => api<VersionDetail>(`/applications/${appId}/versions/${versionId}`);
export const fetchDiff = (appId: string, from: string, to: string) =>
  api<{ from: number; to: number; patch: string }>(`/applications/${appId}/diff?from=${from}&to=${to}`);

export const usePreviewNew = () =>
  useMutation({ mutationFn: (input: CreateApplicationInput) => api<DeployPlan>("/applications/preview", { method: "POST", body: input }) });

export const useCreateApplication = () =>
  useRefreshing((input: CreateApplicationInput) => api<Created>("/applications", { method: "POST", body: input }), [keys.applications()]);

export const usePreviewVersion = (id: string) =>
  useMutation({ mutationFn: (input: NewVersionInput) => api<DeployPlan>(`/applications/${id}/preview`, { method: "POST", body: input }) });

/** Mutations that queue a deployment refresh the application, its deployments and versions. */
function useAppMutation<I, O>(id: string, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.application(id) }),
  });
}

export const useCreateVersion = (id: string) =>
  useAppMutation(id, (input: NewVersionInput) => api<Created>(`/applications/${id}/versions`, { method: "POST", body: input }));
export const useAppAction = (id: string) =>
  useAppMutation(id, (action: "stop" | "start" | "restart" | "redeploy") =>
    api<Deployment>(`/applications/${id}/actions`, { method: "POST", body: { action } }),
  );
export const useScale = (id: string) =>
  useAppMutation(id, ({ serviceId, replicas }: { serviceId: string; replicas: number }) =>
    api<Deployment>(`/applications/${id}/services/${serviceId}/scale`, { method: "POST", body: { replicas } }),
  );
export const useRollback = (id: string) =>
  useAppMutation(id, (versionId: string) => api<Deployment>(`/applications/${id}/rollback`, { method: "POST", body: { versionId } }));
export const useDeleteApplication = (id: string) => useAppMutation(id, () => api<Deployment>(`/applications/${id}`, { method: "DELETE" }));
export const useServiceSettings = (id: string) =>
  useAppMutation(id, ({ serviceId, latestImage }: { serviceId: string; latestImage: boolean }) =>
    api(`/applications/${id}/services/${serviceId}`, { method: "PATCH", body: { latestImage } }),
  );
