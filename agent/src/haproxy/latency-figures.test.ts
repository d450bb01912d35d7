import { describe, expect, it } from "vitest";
import { bucketUpperMs, histogram, latencyBucket, percentile } from "./latency-figures";

describe("latency figures", () => {
  it("nearest-rank percentiles: p50 and p95 of 1..100 ms are 50 and 95; one value is every percentile", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile([7], 0.5)).toBe(7);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 1000], 0.95)).toBe(1000);
    expect(percentile([], 0.5)).toBeNull();
  });

  it("buckets are exact below 32 ms, then at most 6.25% wide, contiguous and ascending up to 10 minutes", () => {
    for (let ms = 0; ms < 32; ms++) expect(bucketUpperMs(latencyBucket(ms))).toBe(ms);
    let previous = -1;
    for (let ms = 0; ms <= 600_000; ms += ms < 5_000 ? 1 : 97) {
      const bucket = latencyBucket(ms);
      const upper = bucketUpperMs(bucket);
      expect(upper, `${ms} ms`).toBeGreaterThanOrEqual(ms);
      expect(upper - ms, `${ms} ms`).toBeLessThanOrEqual(Math.max(0, ms * 0.0625));
      expect(bucket).toBeGreaterThanOrEqual(previous);
      // the bucket after ends right where this one does
      expect(latencyBucket(upper + 1)).toBe(latencyBucket(upper) + 1);
      previous = bucket;
    }
    expect(latencyBucket(600_000)).toBeLessThan(300);
    expect(latencyBucket(-5)).toBe(0);
  });

  it("histograms count each value once, ascending by bound", () => {
    expect(histogram([3, 3, 200, 201, 205, 40])).toEqual([
      [3, 2],
      [41, 1],
      [207, 3],
    ]);
  });
});
