import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../exit-codes";
import { createLogger } from "../log/logger";
import { Backoff } from "../session/backoff";
import { CredentialStore } from "../state/credential-store";
import { createFakeDocker } from "../testing/fake-docker-client";
import { offlineInventoryCollector } from "../testing/offline-inventory";
import { obtainCredential, type ObtainCredentialOptions } from "./obtain-credential";
import { PROTOCOL_VERSION } from "@/lib/protocol";

type Answer = { status: number; body: unknown };
let server: http.Server;
let answers: Answer[];
let requests: unknown[];
let base: string;
let dir: string;

beforeEach(async () => {
  answers = [];
  requests = [];
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({ path: req.url, body: JSON.parse(body) as unknown });
      const answer = answers.shift() ?? { status: 500, body: { error: { code: "INTERNAL", message: "script ended" } } };
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(os.tmpdir(), "wharf-agent-join-"));
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function options(overrides: Partial<ObtainCredentialOptions["config"]> = {}, lines: string[] = []): ObtainCredentialOptions {
  const { docker } = createFakeDocker();
  return {
    config: { url: base, joinUrl: `${base}/v1/join`, joinToken: "wjt_token_0123456789", waitForToken: false, stateDir: dir, ...overrides },
    store: new CredentialStore(dir),
    collectInventory: offlineInventoryCollector(docker),
    agentVersion: "1.0.0",
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    signal: new AbortController().signal,
    backoff: new Backoff({ initialMs: 1, maxMs: 2 }),
    tokenRetryMs: 1,
  };
}

const refusal = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } } });

describe("obtainCredential", () => {
  it("joins with the token, saves the credential and sends protocol version and inventory", async () => {
    answers.push({ status: 200, body: { nodeId: "node_1", clusterId: "cl_1", credential: "wac_secret" } });
    const lines: string[] = [];
    const outcome = await obtainCredential(options({}, lines));
    expect(outcome).toEqual({
      kind: "ok",
      joined: true,
      credential: { url: base, nodeId: "node_1", clusterId: "cl_1", credential: "wac_secret" },
    });
    expect(requests).toEqual([
      {
        path: "/v1/join",
        body: expect.objectContaining({
          token: "wjt_token_0123456789",
          protocolVersion: PROTOCOL_VERSION,
          agentVersion: "1.0.0",
          inventory: expect.objectContaining({ hostname: "node-a" }),
        }),
      },
    ]);
    expect(await new CredentialStore(dir).read()).toMatchObject({ nodeId: "node_1" });
    expect(lines.join("")).not.toMatch(/wac_secret|wjt_token/);
  });

  it("uses the stored credential without calling the gateway", async () => {
    await new CredentialStore(dir).write({ url: base, nodeId: "n", clusterId: "c", credential: "x" });
    expect(await obtainCredential(options())).toMatchObject({ kind: "ok", joined: false });
    expect(requests).toHaveLength(0);
  });

  it.each([
    [refusal(401, "INVALID_JOIN_TOKEN", "Unknown join token"), EXIT_CODES.joinRefused],
    [refusal(410, "JOIN_TOKEN_EXPIRED", "This join token expired"), EXIT_CODES.joinRefused],
    [refusal(410, "JOIN_TOKEN_REVOKED", "This join token was revoked"), EXIT_CODES.joinRefused],
    [refusal(410, "JOIN_TOKEN_USED_UP", "This join token was for one machine and has been used"), EXIT_CODES.joinRefused],
    [refusal(403, "QUOTA_EXCEEDED", "This organisation has reached its quota of 3 nodes"), EXIT_CODES.joinRefused],
    [refusal(426, "PROTOCOL_UNSUPPORTED", "Agent too old"), EXIT_CODES.protocolUnsupported],
    [refusal(422, "INVALID_INPUT", "inventory.hostname: too long"), EXIT_CODES.failure],
  ])("gives up on %j with exit code %i and logs the gateway's message", async (answer, code) => {
    answers.push(answer);
    const lines: string[] = [];
    expect(await obtainCredential(options({}, lines))).toEqual({ kind: "exit", code });
    expect(lines.join("")).toContain((answer.body as { error: { message: string } }).error.message);
  });

  it("retries a gateway that is down or failing, then joins", async () => {
    answers.push(
      { status: 503, body: { error: { code: "INTERNAL", message: "starting" } } },
      { status: 200, body: { nodeId: "n", clusterId: "c", credential: "k" } },
    );
    expect(await obtainCredential(options())).toMatchObject({ kind: "ok", joined: true });
    expect(requests).toHaveLength(2);
  });

  it("with --wait-for-token, keeps asking until the token becomes valid", async () => {
    answers.push(refusal(401, "INVALID_JOIN_TOKEN", "Unknown join token"), refusal(401, "INVALID_JOIN_TOKEN", "Unknown join token"), {
      status: 200,
      body: { nodeId: "n", clusterId: "c", credential: "k" },
    });
    const lines: string[] = [];
    expect(await obtainCredential(options({ waitForToken: true }, lines))).toMatchObject({ kind: "ok" });
    expect(lines.filter((l) => l.includes("waiting for it"))).toHaveLength(1); // logged once, not per attempt
  });

  it("finding 3: a machine that must be allowed to join again keeps asking (logged once) and joins once an admin allowed it", async () => {
    const refused = refusal(
      409,
      "REJOIN_NOT_APPROVED",
      "This machine is already node node-a of cluster c1. If you reinstalled the agent, an admin can allow it",
    );
    answers.push(refused, refused, { status: 200, body: { nodeId: "n", clusterId: "c", credential: "k" } });
    const lines: string[] = [];
    expect(await obtainCredential(options({}, lines))).toMatchObject({ kind: "ok", joined: true });
    expect(requests).toHaveLength(3);
    expect(lines.filter((l) => l.includes("an admin can allow it"))).toHaveLength(1);
  });

  it("without a credential or a token, exits with a usage error", async () => {
    expect(await obtainCredential(options({ joinToken: null }))).toEqual({ kind: "exit", code: EXIT_CODES.usage });
  });

  it("joins again, ignoring the stored credential, when asked to", async () => {
    await new CredentialStore(dir).write({ url: base, nodeId: "old", clusterId: "c", credential: "stale" });
    answers.push({ status: 200, body: { nodeId: "new", clusterId: "c", credential: "fresh" } });
    expect(await obtainCredential({ ...options(), forceJoin: true })).toMatchObject({
      kind: "ok",
      credential: { nodeId: "new", credential: "fresh" },
    });
  });
});
