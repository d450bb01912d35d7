"use client";

import { useQuery } from "@tanstack/react-query";

export type Health = {
  status: "ok" | "degraded";
  database: { ok: boolean; latencyMs: number; error?: string };
  redis: { ok: boolean; latencyMs: number; error?: string };
  workers: { ok: boolean; count: number; lastHeartbeatAt: string | null };
  schedules: { ok: boolean; missing: string[] };
  reconciler: { ok: boolean; lastRunAt: string | null };
  bus: { ok: boolean; latencyMs: number; error?: string; connectedNodes: number | null };
};

export const useHealth = () =>
  useQuery({
    queryKey: ["health"],
    queryFn: async () => (await fetch("/api/health", { cache: "no-store" })).json() as Promise<Health>,
    refetchInterval: 10_000,
  });
