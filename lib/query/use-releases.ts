"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { ComposeIssue } from "@/lib/schemas/applications";
import {
  FINISHED_RELEASE_STATES,
  type createReleaseSchema,
  type ReleaseFigures,
  type ReleaseState,
  type ReleaseView,
} from "@/lib/schemas/releases";
import { api, type Page } from "./api";
import { keys } from "./keys";

/** A row of the release lists (the list endpoint leaves the timeline out). */
export type ReleaseSummary = Omit<ReleaseView, "events">;
/** The request body as sent (its `release` options may be left out). */
export type CreateReleaseBody = z.input<typeof createReleaseSchema>;
export type CreatedRelease = { release: ReleaseView; warnings: ComposeIssue[] };

export const isFinished = (state: ReleaseState) => FINISHED_RELEASE_STATES.includes(state);

const PAGE_SIZE = 50;

/**
 * Releases of the organisation (or of one application), newest first, a page at a time. Polled
 * every 3 s while one of them runs, so states and weights move without a reload; else every 15 s.
 */
export function useReleases(applicationId?: string) {
  return useInfiniteQuery({
    queryKey: keys.releases(applicationId),
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (applicationId) query.set("applicationId", applicationId);
      if (pageParam) query.set("cursor", pageParam);
      return api<Page<ReleaseSummary>>(`/releases?${query.toString()}`);
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((r) => !isFinished(r.state))) ? 3_000 : 15_000),
  });
}

/** One release with its timeline; every 2 s until it has finished (then it no longer changes). */
export const useRelease = (id: string) =>
  useQuery({
    queryKey: keys.release(id),
    queryFn: () => api<ReleaseView>(`/releases/${id}`),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.state) ? false : 2_000),
  });

/**
 * Live per-colour figures and their samples, every 2 s while the release runs (the server records
 * a sample every 2 s). `running` comes from the release, which knows when it has finished.
 */
export const useReleaseFigures = (id: string, running: boolean) =>
  useQuery({
    queryKey: keys.releaseFigures(id),
    queryFn: () => api<ReleaseFigures>(`/releases/${id}/figures`),
    refetchInterval: running ? 2_000 : false,
  });

/**
 * Release actions answer with the release itself: it goes straight into the cache (the page shows
 * the new state at once) and the lists and figures are refreshed.
 */
function useReleaseAction<I>(id: string, fn: (input: I) => Promise<ReleaseView>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (release) => {
      client.setQueryData(keys.release(id), release);
      return Promise.all([
        client.invalidateQueries({ queryKey: keys.releaseLists() }),
        client.invalidateQueries({ queryKey: keys.releaseFigures(id) }),
      ]);
    },
  });
}

export const useSetReleaseWeight = (id: string) =>
  useReleaseAction(id, (toWeight: number) => api<ReleaseView>(`/releases/${id}/weight`, { method: "POST", body: { toWeight } }));
export const usePromoteRelease = (id: string) =>
  useReleaseAction(id, () => api<ReleaseView>(`/releases/${id}/promote`, { method: "POST" }));
export const useRollbackRelease = (id: string) =>
  useReleaseAction(id, () => api<ReleaseView>(`/releases/${id}/rollback`, { method: "POST" }));

/** Uploads a new version and releases it; the application, its versions and the release lists change. */
export function useCreateRelease(applicationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateReleaseBody) =>
      api<CreatedRelease>(`/applications/${applicationId}/releases`, { method: "POST", body: input }),
    onSuccess: ({ release }) => {
      client.setQueryData(keys.release(release.id), release);
      return Promise.all([
        client.invalidateQueries({ queryKey: keys.application(applicationId) }),
        client.invalidateQueries({ queryKey: keys.releaseLists() }),
      ]);
    },
  });
}
