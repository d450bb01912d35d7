"use client";

import { useQuery } from "@tanstack/react-query";
import type { AdoptionInput, AdoptionPlan, ForeignGroup } from "@/lib/schemas/adoption";
import { api } from "./api";
import { keys } from "./keys";
import type { Created } from "./use-applications";
import { useRefreshing } from "./use-refreshing";

/** Asked of a manager on each call (a command round trip), so refreshed less often than the nodes. */
export const useForeignServices = (clusterId: string) =>
  useQuery({
    queryKey: keys.foreignServices(clusterId),
    queryFn: () => api<{ items: ForeignGroup[] }>(`/clusters/${clusterId}/foreign-services`),
    refetchInterval: 15_000,
  });

/** What adopting would write and change; stores nothing, so it is a query (null input: not asked yet). */
export const useAdoptionPreview = (clusterId: string, input: AdoptionInput | null) =>
  useQuery({
    queryKey: keys.adoptionPreview(clusterId, input?.kind ?? "", input?.name ?? "", input?.appName ?? ""),
    queryFn: () => api<AdoptionPlan>(`/clusters/${clusterId}/adoptions/preview`, { method: "POST", body: input }),
    enabled: input !== null,
    // the live services may change meanwhile; a stale "adoptable" is caught by the server (409)
    staleTime: 0,
  });

export const useAdopt = (clusterId: string) =>
  useRefreshing(
    (input: AdoptionInput) => api<Created>(`/clusters/${clusterId}/adoptions`, { method: "POST", body: input }),
    [keys.foreignServices(clusterId), keys.applications()],
  );
