"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEntry } from "@/lib/schemas/audit";
import { api, type Page } from "./api";
import { keys } from "./keys";

export const useAuditLog = (action?: string) =>
  useInfiniteQuery({
    queryKey: keys.audit(action),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: "50" });
      if (pageParam) params.set("cursor", pageParam);
      if (action) params.set("action", action);
      return api<Page<AuditEntry>>(`/audit-logs?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
