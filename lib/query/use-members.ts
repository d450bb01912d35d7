"use client";

import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { Role } from "@/lib/auth/permissions";
import type { createdInvitationSchema, Invitation, Member } from "@/lib/schemas/organization";
import { api, type Page } from "./api";
import { keys } from "./keys";
import { useRefreshing } from "./use-refreshing";

export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

export const useMembers = () => useQuery({ queryKey: keys.members(), queryFn: () => api<Page<Member>>("/members?limit=200") });

export const useInvitations = (enabled = true) =>
  useQuery({ queryKey: keys.invitations(), queryFn: () => api<Page<Invitation>>("/invitations?limit=200"), enabled });

export const useInvite = () =>
  useRefreshing(
    (input: { email: string; role: Role }) => api<CreatedInvitation>("/invitations", { method: "POST", body: input }),
    [keys.invitations()],
  );

export const useRevokeInvitation = () =>
  useRefreshing((id: string) => api<{ ok: true }>(`/invitations/${id}`, { method: "DELETE" }), [keys.invitations()]);

export const useUpdateMemberRole = () =>
  useRefreshing(
    ({ id, role }: { id: string; role: Role }) => api<Member>(`/members/${id}`, { method: "PATCH", body: { role } }),
    [keys.members()],
  );

export const useRemoveMember = () =>
  useRefreshing((id: string) => api<{ ok: true }>(`/members/${id}`, { method: "DELETE" }), [keys.members()]);
