"use client";

import { useQuery } from "@tanstack/react-query";
import type {
  CreatedWebhook,
  CreateExternalRegistryInput,
  CreateRetentionRuleInput,
  CreateWebhookInput,
  ExternalRegistry,
  RegistryEvent,
  RegistryOverview,
  Repository,
  RetentionPreview,
  RetentionRule,
  Tag,
  UpdateExternalRegistryInput,
  UpdateRetentionRuleInput,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
} from "@/lib/schemas/registry";
import { api, type Page } from "./api";
import { keys } from "./keys";
import { useRefreshing } from "./use-refreshing";

export const useRegistryOverview = () =>
  useQuery({ queryKey: keys.registry(), queryFn: () => api<RegistryOverview>("/registry"), refetchInterval: 30_000 });
export const useRepositories = () =>
  useQuery({
    queryKey: keys.repositories(),
    queryFn: () => api<Page<Repository>>("/registry/repositories?limit=200"),
    refetchInterval: 15_000,
  });
export const useRepository = (id: string) =>
  useQuery({ queryKey: keys.repository(id), queryFn: () => api<Repository>(`/registry/repositories/${id}`) });
export const useTags = (repositoryId: string) =>
  useQuery({
    queryKey: keys.tags(repositoryId),
    queryFn: () => api<{ items: Tag[] }>(`/registry/repositories/${repositoryId}/tags`),
    refetchInterval: 15_000,
  });
export const useRepositoryEvents = (repositoryId: string) =>
  useQuery({
    queryKey: keys.repositoryEvents(repositoryId),
    queryFn: () => api<Page<RegistryEvent>>(`/registry/repositories/${repositoryId}/events?limit=50`),
    refetchInterval: 5_000,
  });
export const useRetentionRules = () =>
  useQuery({
    queryKey: keys.retentionRules(),
    queryFn: () => api<{ items: RetentionRule[] }>("/registry/retention-rules"),
    refetchInterval: 10_000,
  });
export const useRetentionPreview = (query: string, enabled = true) =>
  useQuery({
    queryKey: keys.retentionPreview(query),
    queryFn: () => api<RetentionPreview>(`/registry/retention-preview${query ? `?${query}` : ""}`),
    enabled,
  });
export const useWebhooks = () =>
  useQuery({ queryKey: keys.webhooks(), queryFn: () => api<{ items: Webhook[] }>("/registry/webhooks"), refetchInterval: 5_000 });
export const useWebhookDeliveries = (webhookId: string) =>
  useQuery({
    queryKey: keys.webhookDeliveries(webhookId),
    queryFn: () => api<Page<WebhookDelivery>>(`/registry/webhooks/${webhookId}/deliveries?limit=50`),
    refetchInterval: 5_000,
  });
export const useExternalRegistries = () =>
  useQuery({ queryKey: keys.externalRegistries(), queryFn: () => api<{ items: ExternalRegistry[] }>("/registry/external-registries") });

/** A mutation that refreshes the given queries when it succeeds. */
export const useDeleteTag = (repositoryId: string) =>
  useRefreshing(
    (tag: string) =>
      api<{ deleted: string[]; digest: string }>(`/registry/repositories/${repositoryId}/tags/${encodeURIComponent(tag)}`, {
        method: "DELETE",
      }),
    [keys.tags(repositoryId), keys.repositoryEvents(repositoryId), keys.registry()],
  );
export const useRequestGc = () => useRefreshing(() => api<{ queued: true }>("/registry/gc", { method: "POST" }), [keys.registry()]);

export const useCreateRetentionRule = () =>
  useRefreshing(
    (input: CreateRetentionRuleInput) => api<RetentionRule>("/registry/retention-rules", { method: "POST", body: input }),
    [keys.retentionRules()],
  );
export const useUpdateRetentionRule = () =>
  useRefreshing(
    ({ id, input }: { id: string; input: UpdateRetentionRuleInput }) =>
      api<RetentionRule>(`/registry/retention-rules/${id}`, { method: "PATCH", body: input }),
    [keys.retentionRules()],
  );
export const useDeleteRetentionRule = () =>
  useRefreshing((id: string) => api<{ ok: true }>(`/registry/retention-rules/${id}`, { method: "DELETE" }), [keys.retentionRules()]);
export const useRunRetention = () =>
  useRefreshing(() => api<{ queued: true }>("/registry/retention-runs", { method: "POST" }), [keys.retentionRules()]);

export const useCreateWebhook = () =>
  useRefreshing(
    (input: CreateWebhookInput) => api<CreatedWebhook>("/registry/webhooks", { method: "POST", body: input }),
    [keys.webhooks()],
  );
export const useUpdateWebhook = () =>
  useRefreshing(
    ({ id, input }: { id: string; input: UpdateWebhookInput }) =>
      api<Webhook>(`/registry/webhooks/${id}`, { method: "PATCH", body: input }),
    [keys.webhooks()],
  );
export const useDeleteWebhook = () =>
  useRefreshing((id: string) => api<{ ok: true }>(`/registry/webhooks/${id}`, { method: "DELETE" }), [keys.webhooks()]);

export const useCreateExternalRegistry = () =>
  useRefreshing(
    (input: CreateExternalRegistryInput) => api<ExternalRegistry>("/registry/external-registries", { method: "POST", body: input }),
    [keys.externalRegistries()],
  );
export const useUpdateExternalRegistry = () =>
  useRefreshing(
    ({ id, input }: { id: string; input: UpdateExternalRegistryInput }) =>
      api<ExternalRegistry>(`/registry/external-registries/${id}`, { method: "PATCH", body: input }),
    [keys.externalRegistries()],
  );
export const useDeleteExternalRegistry = () =>
  useRefreshing(
    (id: string) => api<{ ok: true }>(`/registry/external-registries/${id}`, { method: "DELETE" }),
    [keys.externalRegistries()],
  );
export const useTestExternalRegistry = () =>
  useRefreshing(
    (id: string) => api<{ ok: boolean; message: string; testedAt: string }>(`/registry/external-registries/${id}/test`, { method: "POST" }),
    [keys.externalRegistries()],
  );
