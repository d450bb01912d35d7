import { describe, expect, it } from "vitest";
import type { HaproxyTrafficWindow } from "@/lib/protocol/haproxy";
import { bucketPercentile, mergePoolWindows } from "./pool-windows";

const win = (pool: string, over: Partial<HaproxyTrafficWindow> = {}): HaproxyTrafficWindow => ({
  listener: { port: 8080, protocol: "http" },
  pool,
  windowMs: 5_000,
  requests: 0,
  responses5xx: 0,
  connectionErrors: 0,
  p50Ms: null,
  p95Ms: null,
  latencyBuckets: [],
  ...over,
});

describe("pool windows of several HAProxy nodes", () => {
  it("one node: its figures as they are (exact percentiles), the histogram left out", () => {
    const green = win("green", {
      requests: 3,
      responses5xx: 1,
      p50Ms: 201,
      p95Ms: 230,
      latencyBuckets: [
        [207, 2],
        [239, 1],
      ],
    });
    expect(mergePoolWindows([[green, win("blue")]])).toEqual([
      {
        listener: { port: 8080, protocol: "http" },
        pool: "green",
        windowMs: 5_000,
        requests: 3,
        responses5xx: 1,
        connectionErrors: 0,
        p50Ms: 201,
        p95Ms: 230,
      },
      {
        listener: { port: 8080, protocol: "http" },
        pool: "blue",
        windowMs: 5_000,
        requests: 0,
        responses5xx: 0,
        connectionErrors: 0,
        p50Ms: null,
        p95Ms: null,
      },
    ]);
  });

  it("several nodes: counts added, the shortest span, percentiles from the merged histograms", () => {
    const a = win("green", {
      requests: 10,
      responses5xx: 2,
      connectionErrors: 1,
      p50Ms: 5,
      p95Ms: 9,
      latencyBuckets: [
        [5, 6],
        [9, 4],
      ],
    });
    const b = win("green", {
      windowMs: 3_000,
      requests: 10,
      responses5xx: 1,
      p50Ms: 300,
      p95Ms: 310,
      latencyBuckets: [
        [303, 8],
        [319, 2],
      ],
    });
    const route = win("green", {
      listener: { port: 80, protocol: "http", route: "shop" },
      requests: 1,
      p50Ms: 1,
      p95Ms: 1,
      latencyBuckets: [[1, 1]],
    });
    const merged = mergePoolWindows([[a, route], [b]]);
    expect(merged).toHaveLength(2);
    // 20 requests: the 10th is node a's slowest bucket (9), the 19th node b's 319 bucket
    expect(merged[0]).toEqual({
      listener: { port: 8080, protocol: "http" },
      pool: "green",
      windowMs: 3_000,
      requests: 20,
      responses5xx: 3,
      connectionErrors: 1,
      p50Ms: 9,
      p95Ms: 319,
    });
    expect(merged[1]).toMatchObject({ listener: { port: 80, protocol: "http", route: "shop" }, requests: 1, p50Ms: 1 });
  });

  it("a node that served none of a pool's requests leaves the other node's exact percentiles", () => {
    const merged = mergePoolWindows([
      [
        win("blue", {
          requests: 4,
          p50Ms: 12,
          p95Ms: 20,
          latencyBuckets: [
            [12, 2],
            [20, 2],
          ],
        }),
      ],
      [win("blue", { windowMs: 4_000 })],
    ]);
    expect(merged[0]).toMatchObject({ requests: 4, windowMs: 4_000, p50Ms: 12, p95Ms: 20 });
  });

  it("bucket percentiles: nearest rank over the buckets' upper bounds, never below the exact value", () => {
    expect(
      bucketPercentile(
        [
          [10, 1],
          [20, 1],
          [30, 2],
        ],
        0.5,
      ),
    ).toBe(20);
    expect(
      bucketPercentile(
        [
          [30, 2],
          [10, 1],
          [30, 1],
        ],
        0.95,
      ),
    ).toBe(30);
    expect(bucketPercentile([], 0.5)).toBeNull();
  });
});
