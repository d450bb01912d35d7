/**
 * Probes for the release tests: the API calls a release takes, and HAProxy's own view of a pool's
 * weights per colour (the load generator is tests/support/version-load.ts).
 */
import { expect } from "vitest";
import { call } from "../../../support/integration/client";
import { waitFor } from "../../../support/integration/processes";
import { haproxyServers } from "../../../support/traffic/traffic-probes";

export type ReleaseJson = {
  id: string;
  number: number;
  state: string;
  step: string;
  strategy: string;
  toWeight: number;
  stepIndex: number;
  fromColour: string;
  toColour: string;
  services: Array<{ name: string; from: string; to: string }>;
  error: string | null;
  events: Array<{
    at: string;
    actor: string;
    kind: string;
    message: string;
    figures: {
      blue: { errorRate: number | null; requests: number } | null;
      green: { errorRate: number | null; requests: number } | null;
    } | null;
  }>;
};

export async function getRelease(cookie: string, id: string): Promise<ReleaseJson> {
  const res = await call<ReleaseJson>("GET", `/api/v1/releases/${id}`, { cookie });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

export async function startRelease(cookie: string, appId: string, compose: string, release: Record<string, unknown>): Promise<ReleaseJson> {
  const res = await call<{ release: ReleaseJson }>("POST", `/api/v1/applications/${appId}/releases`, {
    cookie,
    body: { compose, release },
  });
  expect(res.status, res.text).toBe(201);
  return res.json.release;
}

/** Waits for the release to reach a state (and step), failing fast when it finishes otherwise. */
export async function waitForRelease(
  cookie: string,
  id: string,
  states: string[],
  step?: string,
  timeoutMs = 300_000,
): Promise<ReleaseJson> {
  let last: ReleaseJson | null = null;
  await waitFor(
    `release in ${states.join("/")}${step ? ` (${step})` : ""}`,
    async () => {
      last = await getRelease(cookie, id);
      if (!states.includes(last.state) && ["done", "failed", "aborted"].includes(last.state)) {
        throw new Error(
          `release ended ${last.state}: ${last.error ?? ""}\n${last.events.map((e) => `${e.at} ${e.kind} ${e.message}`).join("\n")}`,
        );
      }
      return states.includes(last.state) && (!step || last.step === step);
    },
    timeoutMs,
    250,
  );
  return last as unknown as ReleaseJson;
}

/** The weight share (percent) HAProxy gives to servers whose pool matches, over a backend's servers. */
export async function haproxyShare(socket: string, backend: RegExp, addresses: ReadonlySet<string>): Promise<number> {
  const servers = (await haproxyServers(socket)).filter((s) => backend.test(s.backend));
  const total = servers.reduce((sum, s) => sum + s.weight, 0);
  const mine = servers.filter((s) => addresses.has(s.address)).reduce((sum, s) => sum + s.weight, 0);
  return total > 0 ? (mine / total) * 100 : 0;
}
