"use client";

import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import type {
  ApplicationTraffic,
  Certificate,
  CreateLoadBalancerInput,
  LoadBalancer,
  LoadBalancerStatus,
  UpdateLoadBalancerInput,
  UploadCertificateInput,
} from "@/lib/schemas/load-balancers";
import { api } from "./api";
import { keys } from "./keys";

export const useLoadBalancers = (clusterId: string) =>
  useQuery({
    queryKey: keys.loadBalancers(clusterId),
    queryFn: () => api<{ items: LoadBalancer[] }>(`/clusters/${clusterId}/load-balancers`),
    refetchInterval: 5_000,
  });
/**
 * Live health and counters read from the balancer itself, polled while the card is on screen and
 * has listeners; cloud APIs count every call, so those are read less often (the server caches too).
 */
export const useLoadBalancerStatus = (lb: Pick<LoadBalancer, "id" | "driver">, enabled: boolean) =>
  useQuery({
    queryKey: keys.loadBalancerStatus(lb.id),
    queryFn: () => api<LoadBalancerStatus>(`/load-balancers/${lb.id}/status`),
    refetchInterval: lb.driver === "haproxy" ? 5_000 : 15_000,
    enabled,
  });
export const useCertificates = (clusterId: string) =>
  useQuery({ queryKey: keys.certificates(clusterId), queryFn: () => api<{ items: Certificate[] }>(`/clusters/${clusterId}/certificates`) });
const hasTraffic = (data: ApplicationTraffic | undefined) =>
  Boolean(data?.services.some((s) => s.endpoints.length > 0 || s.backends.length > 0));

/** Every 2 s while the application has endpoints (two samples make the req/s and 5xx/s figures); else every 15 s. */
export const useApplicationTraffic = (applicationId: string) =>
  useQuery({
    queryKey: keys.appTraffic(applicationId),
    queryFn: () => api<ApplicationTraffic>(`/applications/${applicationId}/traffic`),
    refetchInterval: (query) => (hasTraffic(query.state.data) ? 2_000 : 15_000),
  });

function useRefreshing<I, O>(fn: (input: I) => Promise<O>, refresh: QueryKey[]) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => Promise.all(refresh.map((queryKey) => client.invalidateQueries({ queryKey }))) });
}

export const useCreateLoadBalancer = (clusterId: string) =>
  useRefreshing(
    (input: CreateLoadBalancerInput) => api<LoadBalancer>(`/clusters/${clusterId}/load-balancers`, { method: "POST", body: input }),
    [keys.loadBalancers(clusterId)],
  );
export const useUpdateLoadBalancer = (clusterId: string) =>
  useRefreshing(
    ({ id, input }: { id: string; input: UpdateLoadBalancerInput }) =>
      api<LoadBalancer>(`/load-balancers/${id}`, { method: "PATCH", body: input }),
    [keys.loadBalancers(clusterId)],
  );
export const useDeleteLoadBalancer = (clusterId: string) =>
  useRefreshing((id: string) => api<{ ok: true }>(`/load-balancers/${id}`, { method: "DELETE" }), [keys.loadBalancers(clusterId)]);
export const useTestLoadBalancer = () =>
  useMutation({
    mutationFn: (id: string) =>
      api<{ ok: boolean; message: string; testedAt: string }>(`/load-balancers/${id}/test-connection`, { method: "POST" }),
  });

export const useUploadCertificate = (clusterId: string) =>
  useRefreshing(
    (input: UploadCertificateInput) => api<Certificate>(`/clusters/${clusterId}/certificates`, { method: "POST", body: input }),
    [keys.certificates(clusterId)],
  );
export const useDeleteCertificate = (clusterId: string) =>
  useRefreshing((id: string) => api<{ ok: true }>(`/certificates/${id}`, { method: "DELETE" }), [keys.certificates(clusterId)]);
