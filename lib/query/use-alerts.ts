"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AlertRuleView,
  AlertSilenceView,
  AlertView,
  CreateAlertRuleInput,
  CreateAlertSilenceInput,
  UpdateAlertRuleInput,
} from "@/lib/schemas/alerts";
import { api, type Page } from "./api";
import { keys } from "./keys";

/** Alerts fire and resolve on their own: lists follow at about Prometheus' evaluation pace. */
const LIVE_MS = 5_000;

export type AlertFilter = { state?: "FIRING" | "RESOLVED"; ruleId?: string };

export const useAlertRules = () =>
  useQuery({ queryKey: keys.alertRules(), queryFn: () => api<{ items: AlertRuleView[] }>("/alerts/rules"), refetchInterval: LIVE_MS });

/** Firing and resolved alerts, newest first, a page at a time. */
export const useAlertHistory = (filter: AlertFilter, limit = 50) =>
  useInfiniteQuery({
    queryKey: keys.alertHistory(filter, limit),
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (filter.state) query.set("state", filter.state);
      if (filter.ruleId) query.set("ruleId", filter.ruleId);
      if (pageParam) query.set("cursor", pageParam);
      return api<Page<AlertView>>(`/alerts?${query}`);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: LIVE_MS,
  });

export const useAlertSilences = () =>
  useQuery({
    queryKey: keys.alertSilences(),
    queryFn: () => api<{ items: AlertSilenceView[] }>("/alerts/silences"),
    refetchInterval: 15_000,
  });

/** Every alert mutation refreshes rules, history and silences (a rule's edit can end its alerts). */
function useAlertMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.alerts() });
      // A rule's channels change the channels' rule counts.
      await client.invalidateQueries({ queryKey: keys.channels() });
    },
  });
}

export const useCreateAlertRule = () =>
  useAlertMutation((input: CreateAlertRuleInput) => api<AlertRuleView>("/alerts/rules", { method: "POST", body: input }));
export const useUpdateAlertRule = () =>
  useAlertMutation(({ ruleId, input }: { ruleId: string; input: UpdateAlertRuleInput }) =>
    api<AlertRuleView>(`/alerts/rules/${ruleId}`, { method: "PATCH", body: input }),
  );
export const useDeleteAlertRule = () =>
  useAlertMutation((ruleId: string) => api<{ ok: true }>(`/alerts/rules/${ruleId}`, { method: "DELETE" }));
export const useCreateSilence = () =>
  useAlertMutation((input: CreateAlertSilenceInput) => api<AlertSilenceView>("/alerts/silences", { method: "POST", body: input }));
export const useExpireSilence = () =>
  useAlertMutation((silenceId: string) => api<AlertSilenceView>(`/alerts/silences/${silenceId}`, { method: "DELETE" }));
