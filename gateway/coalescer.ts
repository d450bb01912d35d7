/**
 * Runs at most one write per `minIntervalMs`; values offered meanwhile replace each other and the
 * latest is written when the interval is over (leading and trailing edge, last one wins). Used so
 * an agent's inventory reaches the database at most every few seconds, however often it is sent.
 */
export class Coalescer<T> {
  private last = -Infinity;
  private pending: { value: T } | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly minIntervalMs: number,
    private readonly run: (value: T) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  offer(value: T): void {
    const now = this.clock();
    if (!this.timer && now - this.last >= this.minIntervalMs) {
      this.last = now;
      this.run(value);
      return;
    }
    this.pending = { value };
    this.timer ??= setTimeout(() => this.fire(), Math.max(0, this.last + this.minIntervalMs - now));
  }

  /** A write happened outside the coalescer (hello): the interval starts now. */
  ran(): void {
    this.last = this.clock();
  }

  /** Stops the timer and hands back the value still waiting, if any (to write it at once). */
  take(): T | undefined {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = null;
    return pending?.value;
  }

  private fire(): void {
    this.timer = undefined;
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    this.last = this.clock();
    this.run(pending.value);
  }
}
