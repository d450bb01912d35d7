"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { InstallationOrganization, installationSchema, organizationQuotasSchema, UpdateQuotasInput } from "@/lib/schemas/installation";
import { api, type Page } from "./api";
import { keys } from "./keys";
import { useMe } from "./use-account";

export type Installation = z.infer<typeof installationSchema>;
export type OrganizationQuotas = z.infer<typeof organizationQuotasSchema>;

/** Whether the signed-in person is an installation operator (false while loading). */
export function useIsOperator(): boolean {
  return useMe().data?.user.isOperator ?? false;
}

export const useInstallation = () => useQuery({ queryKey: keys.installation(), queryFn: () => api<Installation>("/installation") });

export const useInstallationOrganizations = () =>
  useQuery({
    queryKey: keys.installationOrganizations(),
    queryFn: () => api<Page<InstallationOrganization>>("/installation/organizations?limit=200"),
    refetchInterval: 30_000,
  });

export const useOrganizationQuotas = (enabled = true) =>
  useQuery({ queryKey: keys.quotas(), queryFn: () => api<OrganizationQuotas>("/organization/quotas"), enabled });

export function useUpdateQuotas() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ organizationId, input }: { organizationId: string; input: UpdateQuotasInput }) =>
      api<InstallationOrganization>(`/installation/organizations/${organizationId}/quotas`, { method: "PATCH", body: input }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.installationOrganizations() }),
        client.invalidateQueries({ queryKey: keys.quotas() }),
      ]),
  });
}
