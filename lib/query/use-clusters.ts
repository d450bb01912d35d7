"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  Cluster,
  ClusterNode,
  CreatedJoinToken,
  JoinToken,
  NodeCommand,
  RejoinRequest,
  UpdateNodeInput,
  UpdateWorkloadPolicyInput,
} from "@/lib/schemas/clusters";
import { api, type Page } from "./api";
import { keys } from "./keys";
import { useRefreshing } from "./use-refreshing";

/** Node lists refresh every few seconds so joins and status changes appear without reloading. */
const LIVE_MS = 3_000;

export const useClusters = () =>
  useQuery({ queryKey: keys.clusters(), queryFn: () => api<Page<Cluster>>("/clusters?limit=200"), refetchInterval: 10_000 });
export const useCluster = (id: string) =>
  useQuery({ queryKey: keys.cluster(id), queryFn: () => api<Cluster>(`/clusters/${id}`), refetchInterval: LIVE_MS });
export const useNodes = (clusterId: string) =>
  useQuery({
    queryKey: keys.nodes(clusterId),
    queryFn: () => api<{ items: ClusterNode[] }>(`/clusters/${clusterId}/nodes`),
    refetchInterval: LIVE_MS,
  });
export const useNode = (id: string) =>
  useQuery({ queryKey: keys.node(id), queryFn: () => api<ClusterNode>(`/nodes/${id}`), refetchInterval: LIVE_MS });
/** Command history is for admins and owners (nodes.commands.read); others do not ask for it. */
export const useNodeCommands = (id: string, enabled = true) =>
  useQuery({
    queryKey: keys.nodeCommands(id),
    queryFn: () => api<Page<NodeCommand>>(`/nodes/${id}/commands?limit=50`),
    refetchInterval: 5_000,
    enabled,
  });
export const useRejoinRequests = (clusterId: string) =>
  useQuery({
    queryKey: keys.rejoinRequests(clusterId),
    queryFn: () => api<{ items: RejoinRequest[] }>(`/clusters/${clusterId}/rejoin-requests`),
    refetchInterval: LIVE_MS,
  });
export const useJoinTokens = (clusterId: string) =>
  useQuery({ queryKey: keys.joinTokens(clusterId), queryFn: () => api<{ items: JoinToken[] }>(`/clusters/${clusterId}/join-tokens`) });

export const useCreateCluster = () =>
  useRefreshing(
    (input: { name: string; description?: string }) => api<Cluster>("/clusters", { method: "POST", body: input }),
    [keys.clusters()],
  );

/** Owners only; the answer is the cluster with its new effective policy. */
export function useUpdateWorkloadPolicy(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (policy: UpdateWorkloadPolicyInput) =>
      api<Cluster>(`/clusters/${clusterId}/workload-policy`, { method: "PUT", body: policy }),
    onSuccess: (cluster) => {
      client.setQueryData(keys.cluster(clusterId), cluster);
      return client.invalidateQueries({ queryKey: keys.clusters() });
    },
  });
}

export const useDeleteCluster = () =>
  useRefreshing((id: string) => api<{ ok: true }>(`/clusters/${id}`, { method: "DELETE" }), [keys.clusters()]);

export const useCreateJoinToken = (clusterId: string) =>
  useRefreshing(
    (input: { role: "WORKER" | "MANAGER"; expiresInHours?: number; maxUses?: number | null }) =>
      api<CreatedJoinToken>(`/clusters/${clusterId}/join-tokens`, { method: "POST", body: input }),
    [keys.joinTokens(clusterId)],
  );

export const useJoinTokenAction = (clusterId: string) =>
  useRefreshing(
    async ({ id, action }: { id: string; action: "revoke" | "rotate" }): Promise<CreatedJoinToken | null> => {
      if (action === "rotate") return api<CreatedJoinToken>(`/clusters/${clusterId}/join-tokens/${id}/rotate`, { method: "POST" });
      await api<{ ok: true }>(`/clusters/${clusterId}/join-tokens/${id}`, { method: "DELETE" });
      return null;
    },
    [keys.joinTokens(clusterId)],
  );

function useNodeMutation<I>(fn: (input: I) => Promise<ClusterNode>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (node) => {
      client.setQueryData(keys.node(node.id), node);
      return client.invalidateQueries({ queryKey: keys.cluster(node.clusterId) }); // nodes and rejoin requests
    },
  });
}

export const useUpdateNode = (id: string) =>
  useNodeMutation((input: UpdateNodeInput) => api<ClusterNode>(`/nodes/${id}`, { method: "PATCH", body: input }));
export const useRemoveNode = (id: string) => useNodeMutation(() => api<ClusterNode>(`/nodes/${id}`, { method: "DELETE" }));
export const useAllowNodeRejoin = (id: string) => useNodeMutation(() => api<ClusterNode>(`/nodes/${id}/allow-rejoin`, { method: "POST" }));
export const useRevokeNodeCredential = (id: string) =>
  useNodeMutation(() => api<ClusterNode>(`/nodes/${id}/revoke-credential`, { method: "POST" }));
