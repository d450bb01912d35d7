/**
 * Probes for the release tests: a bounded load generator (loopback only) that counts every
 * answer by the version that gave it, the API calls a release takes, and HAProxy's own view of a
 * pool's weights per colour.
 */
import { expect } from "vitest";
import { call } from "../../support/client";
import { waitFor } from "../../support/processes";
import { haproxyServers, request } from "../../traffic/support/traffic-probes";

export type VersionLoad = {
  ok: number;
  failed: number;
  errors: string[];
  byVersion: Map<string, number>;
  startedAt: number;
  stoppedAt: number | null;
};

/**
 * `concurrency` loops, one request at a time each on a fresh connection, until stopped or `maxMs`
 * passed. Counts answers by their first word (the test image answers "<version> <host>").
 */
export function startVersionLoad({ url, concurrency = 8, maxMs = 600_000 }: { url: string; concurrency?: number; maxMs?: number }) {
  const load: VersionLoad = { ok: 0, failed: 0, errors: [], byVersion: new Map(), startedAt: Date.now(), stoppedAt: null };
  let stopped = false;
  const until = Date.now() + maxMs;
  const loop = async () => {
    while (!stopped && Date.now() < until) {
      try {
        const res = await request(url);
        if (res.status === 200) {
          load.ok++;
          const version = res.body.trim().split(/\s+/)[0] ?? "";
          load.byVersion.set(version, (load.byVersion.get(version) ?? 0) + 1);
        } else {
          load.failed++;
          if (load.errors.length < 20) load.errors.push(`HTTP ${res.status}: ${res.body.slice(0, 100)}`);
        }
      } catch (error) {
        load.failed++;
        if (load.errors.length < 20) load.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    load,
    /** Counts from now on (the split is measured once the weights are in place). */
    snapshot: () => ({ ok: load.ok, failed: load.failed, byVersion: new Map(load.byVersion), at: Date.now() }),
    stop: async (): Promise<VersionLoad & { rate: number }> => {
      stopped = true;
      await Promise.all(loops);
      load.stoppedAt = Date.now();
      return { ...load, rate: (load.ok + load.failed) / ((load.stoppedAt - load.startedAt) / 1000) };
    },
  };
}

export type Snapshot = ReturnType<ReturnType<typeof startVersionLoad>["snapshot"]>;

/** Requests per version between two snapshots, and the new version's share in percent. */
export function splitBetween(before: Snapshot, after: Snapshot, newVersion: string) {
  const count = (s: Snapshot, v: string) => s.byVersion.get(v) ?? 0;
  const total = after.ok - before.ok;
  const fresh = count(after, newVersion) - count(before, newVersion);
  return { total, newShare: total > 0 ? (fresh / total) * 100 : 0, perSecond: total / ((after.at - before.at) / 1000) };
}

export type ReleaseJson = {
  id: string; number: number; state: string; step: string; strategy: string; toWeight: number; stepIndex: number; fromColour: string; toColour: string;
  services: Array<{ name: string; from: string; to: string }>; error: string | null;
  events: Array<{ at: string; actor: string; kind: string; message: string; figures: { blue: { errorRate: number | null; requests: number } | null; green: { errorRate: number | null; requests: number } | null } | null }>;
};

export async function getRelease(cookie: string, id: string): Promise<ReleaseJson> {
  const res = await call<ReleaseJson>("GET", `/api/v1/releases/${id}`, { cookie });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

export async function startRelease(cookie: string, appId: string, compose: string, release: Record<string, unknown>): Promise<ReleaseJson> {
  const res = await call<{ release: ReleaseJson }>("POST", `/api/v1/applications/${appId}/releases`, { cookie, body: { compose, release } });
  expect(res.status, res.text).toBe(201);
  return res.json.release;
}

/** Waits for the release to reach a state (and step), failing fast when it finishes otherwise. */
export async function waitForRelease(cookie: string, id: string, states: string[], step?: string, timeoutMs = 300_000): Promise<ReleaseJson> {
  let last: ReleaseJson | null = null;
  await waitFor(`release in ${states.join("/")}${step ? ` (${step})` : ""}`, async () => {
    last = await getRelease(cookie, id);
    if (!states.includes(last.state) && ["done", "failed", "aborted"].includes(last.state)) {
      throw new Error(`release ended ${last.state}: ${last.error ?? ""}\n${last.events.map((e) => `${e.at} ${e.kind} ${e.message}`).join("\n")}`);
    }
    return states.includes(last.state) && (!step || last.step === step);
  }, timeoutMs, 250);
  return last as unknown as ReleaseJson;
}

/** The weight share (percent) HAProxy gives to servers whose pool matches, over a backend's servers. */
export async function haproxyShare(socket: string, backend: RegExp, addresses: ReadonlySet<string>): Promise<number> {
  const servers = (await haproxyServers(socket)).filter((s) => backend.test(s.backend));
  const total = servers.reduce((sum, s) => sum + s.weight, 0);
  const mine = servers.filter((s) => addresses.has(s.address)).reduce((sum, s) => sum + s.weight, 0);
  return total > 0 ? (mine / total) * 100 : 0;
}
