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
      const rewritten = this.applyLongestAlias(current);
      if (rewritten === current) return current;
      current = rewritten;
    }
    return current;
  }

  private applyLongestAlias(path: Path): Path {
    if (this.aliases.size === 0) return path;
    for (let length = path.length; length >= 0; length--) {
      const target = this.aliases.get(formatPath(path.slice(0, length)));
      if (target) return [...target, ...path.slice(length)];
    }
    return path;
  }
}
