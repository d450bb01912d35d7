/**
 * Remembers the outcome of recent command ids (least recently used evicted first), so a command
 * the control plane re-sends — after a reconnect, or because a result was lost — returns the stored
 * result instead of running again. Entries are promises: a duplicate that arrives while the
 * first delivery still runs waits for the same outcome.
 */
export class IdempotencyCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): V | undefined {
    const value = this.entries.get(id);
    if (value === undefined) return undefined;
    // re-insert: Map iteration order is insertion order, so the oldest key is the LRU one
    this.entries.delete(id);
    this.entries.set(id, value);
    return value;
  }

  set(id: string, value: V): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
