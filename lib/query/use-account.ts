"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Me } from "@/lib/schemas/auth";
import type { organizationSchema } from "@/lib/schemas/organization";
import { api } from "./api";
import { keys } from "./keys";

export type Organization = z.infer<typeof organizationSchema>;

export const useMe = (initialData?: Me) => useQuery({ queryKey: keys.me(), queryFn: () => api<Me>("/me"), initialData });

export const useOrganization = () => useQuery({ queryKey: keys.organization(), queryFn: () => api<Organization>("/organization") });

/** Whether the current member's role in the active organisation grants `permission` (false while loading). */
export function useCan(permission: Permission): boolean {
  const { data: org } = useOrganization();
  return org ? can(org.role, permission) : false;
}

/** Switching organisation changes what every org-scoped query returns: reset them all. */
export function useSwitchOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (organizationId: string) => api<Me>("/me/active-organization", { method: "PUT", body: { organizationId } }),
    onSuccess: async (me) => {
      client.setQueryData(keys.me(), me);
      await client.resetQueries({ predicate: (q) => q.queryKey[0] !== "me" });
    },
  });
}

export function useCreateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<Organization>("/organizations", { method: "POST", body: { name } }),
    onSuccess: async () => {
      await client.resetQueries();
    },
  });
}

export function useUpdateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<Organization>("/organization", { method: "PATCH", body: { name } }),
    onSuccess: async (org) => {
      client.setQueryData(keys.organization(), org);
      await client.invalidateQueries({ queryKey: keys.me() });
    },
  });
}

export const useSignOut = () => useMutation({ mutationFn: () => api<{ ok: true }>("/auth/sign-out", { method: "POST" }) });
