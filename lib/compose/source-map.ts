import { formatPath } from "./issue-list";
import type { Path, Position } from "./types";

/** Where a mapping entry or sequence item was written: its key (for mappings) and its value. */
export interface Span {
  key?: Position;
  value?: Position;
}

/**
 * Maps document paths to source positions. Later stages reshape the document (a v1 file gains a
 * `services` level, `mem_limit` moves under `deploy.resources`, list-form labels become a map), so
 * they register aliases: a rewritten path is looked up where the value was actually written.
 */
export class SourceMap {
  private readonly spans = new Map<string, Span>();
  private readonly aliases = new Map<string, Path>();
  private readonly pins = new Map<string, Path>();

  set(path: Path, span: Span): void {
    this.spans.set(formatPath(path), span);
  }

  has(path: Path): boolean {
    return this.spans.has(formatPath(path));
  }

  /** Positions for `from` (and everything below it) are taken from `to`. */
  alias(from: Path, to: Path): void {
    const key = formatPath(from);
    // A self-alias would shadow shorter aliases (such as the v1 lift) without moving anything.
    if (key === formatPath(to)) return;
    this.aliases.set(key, to);
  }

  /**
   * Like `alias`, for values copied inside the document (compose `extends`): each `to` is resolved
   * now, and a lookup that reaches its `from` ends there. A copied sequence item can land on an index that
   * another copy came from (`ports[1]` ← `ports[0]`, `ports[0]` ← the base's), so re-resolving
   * would follow the wrong copy.
   */
  pin(pairs: readonly { from: Path; to: Path }[]): void {
    // All targets first: one copy's target may be another copy's new place.
    const resolved = pairs.map(({ from, to }) => [formatPath(from), this.resolveAliases(to)] as const);
    for (const [key, target] of resolved) if (key !== formatPath(target)) this.pins.set(key, target);
  }

  /**
   * Finds the position of a path. A path that was never written (a missing required key, a value
   * created by a default) resolves to its nearest written ancestor's key, which is where a user
   * would add it.
   */
  locate(path: Path, at: "key" | "value" = "value"): Position | undefined {
    let current: Path = this.resolveAliases(path);
    let mode = at;
    for (;;) {
      const span = this.spans.get(formatPath(current));
      if (span) return (mode === "key" ? (span.key ?? span.value) : (span.value ?? span.key)) ?? undefined;
      if (current.length === 0) return undefined;
      current = this.resolveAliases(current.slice(0, -1));
      mode = "key";
    }
  }

  /** A bound `locate`, convenient to hand to modules that only need lookups. */
  get locator(): (path: Path, at?: "key" | "value") => Position | undefined {
    return (path, at) => this.locate(path, at);
  }

  private resolveAliases(path: Path): Path {
    let current = path;
    // Aliases can chain (v1 lift, then a moved key); a small bound stops accidental loops.
    for (let step = 0; step < 8; step++) {
      const { path: rewritten, pinned } = this.applyLongestAlias(current);
      if (pinned || rewritten === current) return rewritten;
      current = rewritten;
    }
    return current;
  }

  private applyLongestAlias(path: Path): { path: Path; pinned: boolean } {
    if (this.aliases.size === 0 && this.pins.size === 0) return { path, pinned: false };
    for (let length = path.length; length >= 0; length--) {
      const prefix = formatPath(path.slice(0, length));
      // A reshaping alias registered after the copy (a moved legacy key) is the later fact.
      const target = this.aliases.get(prefix);
      if (target) return { path: [...target, ...path.slice(length)], pinned: false };
      const pin = this.pins.get(prefix);
      if (pin) return { path: [...pin, ...path.slice(length)], pinned: true };
    }
    return { path, pinned: false };
  }
}
