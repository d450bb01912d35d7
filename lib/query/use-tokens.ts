"use client";

import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { ApiToken, CreateApiTokenInput, createdApiTokenSchema } from "@/lib/schemas/tokens";
import { api } from "./api";
import { keys } from "./keys";
import { useRefreshing } from "./use-refreshing";

export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

export const useTokens = () => useQuery({ queryKey: keys.tokens(), queryFn: () => api<{ items: ApiToken[] }>("/tokens?limit=200") });

export const useCreateToken = () =>
  useRefreshing((input: CreateApiTokenInput) => api<CreatedApiToken>("/tokens", { method: "POST", body: input }), [keys.tokens()]);

export const useRevokeToken = () =>
  useRefreshing((id: string) => api<{ ok: true }>(`/tokens/${id}`, { method: "DELETE" }), [keys.tokens()]);
