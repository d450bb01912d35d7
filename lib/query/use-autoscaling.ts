"use client";

import { useQuery } from "@tanstack/react-query";
import type { AutoscalingDecisionView, AutoscalingRuleView, UpdateAutoscalingRuleInput } from "@/lib/schemas/autoscaling";
import { api, type Page } from "./api";
import { keys } from "./keys";
import { useRefreshing } from "./use-refreshing";

/** The evaluator runs every few seconds: rules (current values, replicas) and decisions follow at about that pace. */
const LIVE_MS = 5_000;

export const useAutoscalingRules = (applicationId?: string) =>
  useQuery({
    queryKey: keys.autoscalingRules(applicationId),
    queryFn: () => api<{ items: AutoscalingRuleView[] }>(`/autoscaling/rules${applicationId ? `?applicationId=${applicationId}` : ""}`),
    refetchInterval: LIVE_MS,
  });

/** The latest decisions (newest first): enough for the recent list and for a chart's markers. */
export function useAutoscalingDecisions(
  filter: { applicationId?: string; ruleId?: string },
  { limit = 100, enabled = true }: { limit?: number; enabled?: boolean } = {},
) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.applicationId) query.set("applicationId", filter.applicationId);
  if (filter.ruleId) query.set("ruleId", filter.ruleId);
  return useQuery({
    queryKey: keys.autoscalingDecisions(filter),
    queryFn: () => api<Page<AutoscalingDecisionView>>(`/autoscaling/decisions?${query.toString()}`),
    refetchInterval: LIVE_MS,
    enabled,
  });
}

/** An edit (or the enabled switch): the rule is answered back; every rule list and decision list is refreshed. */
export const useUpdateAutoscalingRule = () =>
  useRefreshing(
    ({ ruleId, input }: { ruleId: string; input: UpdateAutoscalingRuleInput }) =>
      api<AutoscalingRuleView>(`/autoscaling/rules/${ruleId}`, { method: "PATCH", body: input }),
    [keys.autoscaling()],
  );
