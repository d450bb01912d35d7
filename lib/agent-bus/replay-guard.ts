/**
 * Remembers ids (message nonces, command ids) seen within a time window, so a message captured
 * on Redis and published again is refused. Memory is bounded: past `capacity` the oldest entries
 * are forgotten, and everything sealed at or before the newest forgotten one is refused from then
 * on (the "floor"), so forgetting never re-opens a replay.
 */
export type ReplayGuardOptions = { windowMs: number; capacity?: number };

export class ReplayGuard {
  /** id → the time the message was sealed; insertion order is roughly time order. */
  private readonly seen = new Map<string, number>();
  private floor = -Infinity;
  private readonly windowMs: number;
  private readonly capacity: number;

  constructor({ windowMs, capacity = 50_000 }: ReplayGuardOptions) {
    this.windowMs = windowMs;
    this.capacity = capacity;
  }

  get size(): number {
    return this.seen.size;
  }

  /** True the first time an id is offered (and its time is above the floor); false for a replay. */
  accept(id: string, sealedAt: number, now = Date.now()): boolean {
    this.prune(now);
    if (sealedAt <= this.floor || this.seen.has(id)) return false;
    this.seen.set(id, sealedAt);
    while (this.seen.size > this.capacity) {
      const [oldest, at] = this.seen.entries().next().value as [string, number];
      this.seen.delete(oldest);
      this.floor = Math.max(this.floor, at);
    }
    return true;
  }

  /** Entries older than two windows (one for age, one for clock skew) can no longer pass the age check. */
  private prune(now: number) {
    const before = now - 2 * this.windowMs;
    for (const [id, at] of this.seen) {
      if (at >= before) break;
      this.seen.delete(id);
    }
  }
}
