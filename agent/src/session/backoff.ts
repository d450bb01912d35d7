/**
 * Jittered exponential backoff for reconnects: 0.5 s doubling to 10 s, each delay ±30 % at
 * random so a gateway restart is not hit by every agent in the same instant. Capped at 10 s, not
 * more: until its agent is back, a node's task changes do not reach the load balancers' pools.
 */
export type BackoffOptions = {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of the delay added or removed at random (0.3 = ±30 %). */
  jitter?: number;
  random?: () => number;
};

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor({ initialMs = 500, maxMs = 10_000, factor = 2, jitter = 0.3, random = Math.random }: BackoffOptions = {}) {
    if (initialMs <= 0 || maxMs < initialMs || factor < 1 || jitter < 0 || jitter >= 1) {
      throw new RangeError("backoff: need 0 < initialMs <= maxMs, factor >= 1 and 0 <= jitter < 1");
    }
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.factor = factor;
    this.jitter = jitter;
    this.random = random;
  }

  /** Failures since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; grows with each call until reset(). */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt++;
    const spread = base * this.jitter * (this.random() * 2 - 1);
    return Math.max(0, Math.round(base + spread));
  }

  reset(): void {
    this.attempt = 0;
  }
}
