/**
 * A bounded load generator for releases (loopback only): `concurrency` loops, one request at a time
 * each on a fresh connection (so HAProxy balances every request on its own), counting answers by
 * the version that gave them (the test image answers "<APP_VERSION> <host>"). Shared by the
 * integration tests, the end-to-end tests and bench/release.ts; free of vitest so a CLI can load it.
 */
import { request } from "./traffic/traffic-probes";

export type LoadCounts = { ok: number; failed: number; errors: string[]; byVersion: Map<string, number>; at: number };

export type LoadResult = LoadCounts & { startedAt: number; stoppedAt: number; rate: number };

const MAX_ERRORS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startVersionLoad({
  url,
  concurrency,
  pauseMs = 0,
  maxMs = 600_000,
}: {
  url: string;
  concurrency: number;
  pauseMs?: number;
  maxMs?: number;
}) {
  const counts: LoadCounts = { ok: 0, failed: 0, errors: [], byVersion: new Map(), at: Date.now() };
  const startedAt = Date.now();
  const until = startedAt + maxMs;
  let stopped = false;
  const fail = (why: string) => {
    counts.failed++;
    if (counts.errors.length < MAX_ERRORS) counts.errors.push(`${new Date().toISOString()} ${why}`);
  };
  const loop = async () => {
    while (!stopped && Date.now() < until) {
      try {
        const res = await request(url);
        if (res.status !== 200) {
          fail(`HTTP ${res.status}: ${res.body.trim().slice(0, 100)}`);
          continue;
        }
        counts.ok++;
        const version = res.body.trim().split(/\s+/)[0] ?? "";
        counts.byVersion.set(version, (counts.byVersion.get(version) ?? 0) + 1);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
      if (pauseMs) await sleep(pauseMs);
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    /** The counts so far (a copy), to measure a window between two snapshots. */
    snapshot: (): LoadCounts => ({ ...counts, errors: [...counts.errors], byVersion: new Map(counts.byVersion), at: Date.now() }),
    stop: async (): Promise<LoadResult> => {
      stopped = true;
      await Promise.all(loops);
      const stoppedAt = Date.now();
      return {
        ...counts,
        at: stoppedAt,
        startedAt,
        stoppedAt,
        rate: (counts.ok + counts.failed) / Math.max(0.001, (stoppedAt - startedAt) / 1000),
      };
    },
  };
}

export type VersionLoad = ReturnType<typeof startVersionLoad>;

/** Answers per version since an earlier snapshot (e.g. "only v2 answered since the promotion"). */
export function countsSince(load: VersionLoad, before: LoadCounts): { ok: number; failed: number; byVersion: Map<string, number> } {
  const now = load.snapshot();
  const byVersion = new Map([...now.byVersion].map(([v, n]) => [v, n - (before.byVersion.get(v) ?? 0)] as const).filter(([, n]) => n > 0));
  return { ok: now.ok - before.ok, failed: now.failed - before.failed, byVersion };
}

/** Answers between two snapshots, and the share (percent) that came from `version`. */
export function splitBetween(before: LoadCounts, after: LoadCounts, version: string) {
  const total = after.ok - before.ok;
  const fresh = (after.byVersion.get(version) ?? 0) - (before.byVersion.get(version) ?? 0);
  return {
    total,
    share: total > 0 ? (fresh / total) * 100 : 0,
    failed: after.failed - before.failed,
    perSecond: total / Math.max(0.001, (after.at - before.at) / 1000),
  };
}

/** The split over at least `requests` answers from now on (within `timeoutMs`). */
export async function measureSplit(load: VersionLoad, version: string, requests: number, timeoutMs = 180_000) {
  const before = load.snapshot();
  const deadline = Date.now() + timeoutMs;
  while (load.snapshot().ok - before.ok < requests) {
    if (Date.now() > deadline) throw new Error(`fewer than ${requests} answers within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
  return splitBetween(before, load.snapshot(), version);
}

/** The version behind `url` once 20 answers in a row agree on it (a release left half-switched never settles). */
export async function servingVersion(url: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = [];
    for (let i = 0; i < 20; i++) {
      const res = await request(url).catch(() => null);
      seen.push(res?.status === 200 ? (res.body.trim().split(/\s+/)[0] ?? "?") : `failed(${res?.status ?? "error"})`);
    }
    if (seen.every((v) => v === seen[0])) return seen[0] ?? "?";
    await sleep(250);
  }
  return `mixed: ${[...new Set(seen)].join(", ")}`;
}
