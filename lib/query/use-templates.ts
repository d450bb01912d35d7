"use client";

import { useQuery } from "@tanstack/react-query";
import type { SaveTemplateInput, Template } from "@/lib/schemas/templates";
import { api } from "./api";
import { keys } from "./keys";
import { useRefreshing } from "./use-refreshing";

export const useTemplates = () => useQuery({ queryKey: keys.templates(), queryFn: () => api<{ items: Template[] }>("/templates") });

export const useSaveTemplate = () =>
  useRefreshing((input: SaveTemplateInput) => api<Template>("/templates", { method: "POST", body: input }), [keys.templates()]);

export const useDeleteTemplate = () =>
  useRefreshing((id: string) => api<{ ok: true }>(`/templates/${id}`, { method: "DELETE" }), [keys.templates()]);
