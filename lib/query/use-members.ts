"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { Role } from "@/lib/auth/permissions";
import type { createdInvitationSchema, Invitation, Member } from "@/lib/schemas/organization";
import { api, type Page } from "./api";
import { keys } from "./keys";

export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

export const useMembers = () => useQuery({ queryKey: keys.members(), queryFn: () => api<Page<Member>>("/members?limit=200") });

export const useInvitations = (enabled = true) =>
  useQuery({ queryKey: keys.invitations(), queryFn: () => api<Page<Invitation>>("/invitations?limit=200"), enabled });

export function useInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) => api<CreatedInvitation>("/invitations", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.invitations() }),
  });
}

export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>(`/invitations/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.invitations() }),
  });
}

export function useUpdateMemberRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) => api<Member>(`/members/${id}`, { method: "PATCH", body: { role } }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.members() }),
  });
}

export function useRemoveMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>(`/members/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.members() }),
  });
}
