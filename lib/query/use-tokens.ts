"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { ApiToken, CreateApiTokenInput, createdApiTokenSchema } from "@/lib/schemas/tokens";
import { api } from "./api";
import { keys } from "./keys";

export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

export const useTokens = () => useQuery({ queryKey: keys.tokens(), queryFn: () => api<{ items: ApiToken[] }>("/tokens?limit=200") });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiTokenInput) => api<CreatedApiToken>("/tokens", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens() }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>(`/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens() }),
  });
}
