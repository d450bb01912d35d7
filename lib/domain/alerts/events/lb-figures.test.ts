import { describe, expect, it } from "vitest";
import type { ObservedListener, PoolWindowStats } from "@/lib/drivers/lb/types";
import { errorPercent, healthyBackends, listenerLabel } from "./lb-figures";

const key = { port: 80, protocol: "http" as const };
const win = (pool: string, requests: number, responses5xx: number, connectionErrors = 0, listener = key): PoolWindowStats => ({
  listener,
  pool,
  windowMs: 30_000,
  requests,
  responses5xx,
  connectionErrors,
  p50Ms: null,
  p95Ms: null,
});

describe("load-balancer figures for alerts", () => {
  it("count 5xx answers and connection errors over the listener's requests, every pool", () => {
    expect(errorPercent([win("blue", 80, 4), win("green", 20, 1, 5), win("main", 50, 50, 0, { port: 81, protocol: "http" })], key)).toEqual(
      { percent: 10, requests: 100 },
    );
    expect(errorPercent([win("main", 0, 0)], key)).toBeNull();
  });

  it("count only active, healthy backends of the listener (and route)", () => {
    const observed: ObservedListener[] = [
      {
        port: 80,
        protocol: "http",
        backends: [
          { id: "t1", address: "10.0.0.1", port: 8080, weight: 1, pool: "main", state: "active", healthy: false },
          { id: "t2", address: "10.0.0.2", port: 8080, weight: 1, pool: "main", state: "draining", healthy: true },
          { id: "t3", address: "10.0.0.3", port: 8080, weight: 1, pool: "main", state: "active", healthy: null, route: "api" },
        ],
      },
    ];
    expect(healthyBackends(observed, key)).toBe(1);
    expect(healthyBackends(observed, { ...key, route: "web" })).toBe(0);
    expect(healthyBackends([], key)).toBe(0);
    expect(listenerLabel({ ...key, route: "api" })).toBe("http:80/api");
  });
});
