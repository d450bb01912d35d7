/**
 * Latency figures (pure): nearest-rank percentiles of exact samples, and the histogram buckets a
 * window's latencies travel in (so the control plane can merge the windows of several HAProxy
 * nodes). Buckets are exact below 32 ms, then 16 per doubling: at most 6.25% wide, ~270 buckets
 * up to ten minutes.
 */

const EXACT = 32;
const SUB = 16;
const SUB_BITS = 4; // log2(SUB)
const FIRST_EXPONENT = 5; // log2(EXACT)

/** The bucket of a latency in ms (negative: 0; fractions are dropped). */
export function latencyBucket(ms: number): number {
  const v = Math.max(0, Math.floor(ms));
  if (v < EXACT) return v;
  const e = 31 - Math.clz32(Math.min(v, 2 ** 31 - 1));
  const sub = Math.floor((v - 2 ** e) / 2 ** (e - SUB_BITS));
  return EXACT + (e - FIRST_EXPONENT) * SUB + sub;
}

/** The largest latency (ms, inclusive) a bucket holds. */
export function bucketUpperMs(index: number): number {
  if (index < EXACT) return index;
  const e = FIRST_EXPONENT + Math.floor((index - EXACT) / SUB);
  const sub = (index - EXACT) % SUB;
  return 2 ** e + (sub + 1) * 2 ** (e - SUB_BITS) - 1;
}

/** Nearest-rank percentile (0 < p <= 1) of ascending values; null when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** [inclusive upper bound ms, count] pairs of the values, ascending. */
export function histogram(values: ArrayLike<number>): [number, number][] {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const bucket = latencyBucket(values[i] as number);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([bucket, count]) => [bucketUpperMs(bucket), count]);
}
