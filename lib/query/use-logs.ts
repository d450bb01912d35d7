"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { CreateLogSinkInput, LogSinkView, logSinkTestResultSchema, UpdateLogSinkInput } from "@/lib/schemas/log-sinks";
import type { LogContext, LogFilters, LogIngestNode, LogSearchResult, LogStoreView } from "@/lib/schemas/logs";
import { api } from "./api";
import { keys } from "./keys";

export type LogSinkTestResult = z.infer<typeof logSinkTestResultSchema>;

export const LOG_PAGE_SIZE = 100;
/** What "Download" asks for: the API's default; its maximum is LOG_DOWNLOAD_MAX_LINES. */
export const LOG_DOWNLOAD_LINES = 10_000;

/** Filters (and paging, format…) as an API query string; empty values are left out. */
export function logParams(filters: LogFilters, extra: Record<string, string | number | undefined> = {}): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value !== undefined && value !== "") out.set(key, String(value));
  return out;
}

/**
 * A search, newest first, one page of LOG_PAGE_SIZE at a time ("Load more" fetches the next,
 * older page). Stored lines do not change, and a refetch would move what is being read: the
 * result stays until the filters change or the person searches again.
 */
export const useLogSearch = (filters: LogFilters | null) =>
  useInfiniteQuery({
    queryKey: keys.logSearch(filters ?? {}),
    queryFn: ({ pageParam }) => api<LogSearchResult>(`/logs?${logParams(filters ?? {}, { limit: LOG_PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: filters !== null,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

/** Lines of the same container and store around one line (oldest first); a wider window keeps the narrower one on screen while it loads. */
export const useLogContext = (lineId: string, { before, after }: { before: number; after: number }) =>
  useQuery({
    queryKey: [...keys.logContext(lineId), before, after],
    queryFn: () => api<LogContext>(`/logs/context?${new URLSearchParams({ lineId, before: String(before), after: String(after) })}`),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

/** The address of a result set as a file (same filters as the search); the browser downloads it. */
export const logDownloadUrl = (filters: LogFilters, format: "ndjson" | "text") =>
  `/api/v1/logs/download?${logParams(filters, { format, limit: LOG_DOWNLOAD_LINES })}`;

/** The address of the live tail's event stream for these filters (without the time range). */
export function logTailUrl(filters: LogFilters, backfill: number): string {
  const { from: _from, to: _to, ...rest } = filters;
  return `/api/v1/logs/tail?${logParams(rest, { backfill })}`;
}

/** The declared stores with their size; refreshed now and then (lines keep arriving). */
export const useLogStores = () =>
  useQuery({ queryKey: keys.logStores(), queryFn: () => api<{ items: LogStoreView[] }>("/log-stores"), refetchInterval: 30_000 });

/** What each node's agent has shipped and dropped. */
export const useLogIngestNodes = (clusterId?: string) =>
  useQuery({
    queryKey: keys.logNodes(clusterId),
    queryFn: () => api<{ items: LogIngestNode[] }>(`/logs/nodes${clusterId ? `?clusterId=${clusterId}` : ""}`),
    refetchInterval: 15_000,
  });

// ── Sinks: where the organisation's lines are also sent ──

export const useLogSinks = () =>
  useQuery({ queryKey: keys.logSinks(), queryFn: () => api<{ items: LogSinkView[] }>("/log-sinks"), refetchInterval: 15_000 });

function useSinkMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: keys.logSinks() }) });
}

export const useCreateLogSink = () =>
  useSinkMutation((input: CreateLogSinkInput) => api<LogSinkView>("/log-sinks", { method: "POST", body: input }));
export const useUpdateLogSink = () =>
  useSinkMutation(({ id, input }: { id: string; input: UpdateLogSinkInput }) =>
    api<LogSinkView>(`/log-sinks/${id}`, { method: "PATCH", body: input }),
  );
export const useDeleteLogSink = () => useSinkMutation((id: string) => api<{ ok: true }>(`/log-sinks/${id}`, { method: "DELETE" }));
/** Sends one test line with the stored credentials; the answer says what the sink replied. */
export const useTestLogSink = () => useSinkMutation((id: string) => api<LogSinkTestResult>(`/log-sinks/${id}/test`, { method: "POST" }));
