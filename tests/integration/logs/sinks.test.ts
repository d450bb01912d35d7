/**
 * Log sinks against local STAND-INS of Elasticsearch `_bulk`, Loki push and Alibaba Cloud Log
 * Service PutLogs (through its official SDK): credentials encrypted and never returned, lines
 * shipped from a cursor (only the organisation's own, each once), a sink that was down catches up,
 * and the outbound policy applies to every sink.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestLogs } from "@/lib/domain/logs/ingest-logs";
import { shipLogSink } from "@/lib/domain/logs/sinks/ship-log-sinks";
import type { LogSinkView } from "@/lib/schemas/log-sinks";
import { call } from "../../support/integration/client";
import { dbFingerprint, testDb } from "../../support/integration/db";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { elasticsearchStandIn, lokiStandIn, slsStandIn } from "./sink-standins";
import { batch, epochOf, line } from "./support";

let a: Tenant;
let b: Tenant;
const standIns: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  [a, b] = await Promise.all([createTenant("logs-sinks-a"), createTenant("logs-sinks-b")]);
}, 180_000);

afterAll(async () => {
  await Promise.all(standIns.map((s) => s.close()));
});

const owner = (t: Tenant) => ({ cookie: t.people.OWNER.cookie });
const createSink = async (t: Tenant, body: Record<string, unknown>) => {
  const res = await call<LogSinkView>("POST", "/api/v1/log-sinks", {
    ...owner(t),
    body: { name: `sink-${Math.random().toString(36).slice(2, 8)}`, ...body },
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
};
const ingest = (t: Tenant, texts: string[]) =>
  ingestLogs({
    orgId: t.orgId,
    clusterId: t.cluster.id,
    nodeId: t.node.id,
    message: batch(
      epochOf("sink"),
      texts.map((text, i) => line(i + 1, text)),
    ),
  });

describe("log sinks", () => {
  it("stores credentials encrypted, never returns them, and refuses settings that do not fit the kind", async () => {
    const password = `pw-${Date.now().toString(36)}-secret`;
    const sink = await createSink(a, {
      kind: "ELASTICSEARCH",
      url: "https://es.example.test:9200",
      settings: { index: "wharf-a" },
      credentials: { username: "elastic", password },
    });
    expect(sink).toMatchObject({ kind: "ELASTICSEARCH", hasCredentials: true, settings: { index: "wharf-a" }, enabled: true });
    const list = await call("GET", "/api/v1/log-sinks", owner(a));
    expect(list.text).not.toContain(password);
    const stored = await testDb().query<{ secretEnc: string }>(`select "secretEnc" from "LogSink" where id = $1`, [sink.id]);
    expect(stored.rows[0]?.secretEnc).toBeTruthy();
    expect(stored.rows[0]?.secretEnc).not.toContain(password);
    const before = await dbFingerprint();
    expect(
      (await call("PATCH", `/api/v1/log-sinks/${sink.id}`, { ...owner(a), body: { url: "https://elsewhere.example.test" } })).status,
    ).toBe(422);
    expect((await call("PATCH", `/api/v1/log-sinks/${sink.id}`, { ...owner(a), body: { settings: { project: "x" } } })).status).toBe(422);
    expect((await call("PATCH", `/api/v1/log-sinks/${sink.id}`, { ...owner(a), body: { credentials: { bearerToken: "x" } } })).status).toBe(
      422,
    );
    expect(
      (
        await call("POST", "/api/v1/log-sinks", {
          ...owner(a),
          body: { name: "x", kind: "ALIYUN_SLS", url: "https://cn-hangzhou.log.aliyuncs.com" },
        })
      ).status,
    ).toBe(422);
    expect((await call("POST", "/api/v1/log-sinks", { ...owner(a), body: { name: "x", kind: "LOKI", url: "ftp://loki" } })).status).toBe(
      422,
    );
    expect(await dbFingerprint()).toEqual(before);
    expect((await call("PATCH", `/api/v1/log-sinks/${sink.id}`, { cookie: a.people.VIEWER.cookie, body: { enabled: false } })).status).toBe(
      403,
    );
    const moved = await call<LogSinkView>("PATCH", `/api/v1/log-sinks/${sink.id}`, {
      ...owner(a),
      body: { url: "https://elsewhere.example.test", credentials: { apiKey: "k" } },
    });
    expect(moved.status, moved.text).toBe(200);
    expect((await call("DELETE", `/api/v1/log-sinks/${sink.id}`, owner(a))).status).toBe(200);
    expect((await call("GET", `/api/v1/log-sinks/${sink.id}`, owner(a))).status).toBe(404);
  });

  it("ships to Elasticsearch from the cursor: new lines only, the organisation's own, once each, catching up after an outage", async () => {
    await ingest(a, ["before the sink existed"]);
    const es = await elasticsearchStandIn(`Basic ${Buffer.from("elastic:es-pass").toString("base64")}`);
    standIns.push(es);
    const sink = await createSink(a, {
      kind: "ELASTICSEARCH",
      url: es.url,
      settings: { index: "wharf-logs" },
      credentials: { username: "elastic", password: "es-pass" },
    });
    await ingest(a, ["a one", "a two"]);
    await ingest(b, ["b's line"]);
    expect(await shipLogSink({ sinkId: sink.id, settleMs: 0 })).toEqual({ shipped: 2, error: null });
    expect([...es.docs.values()].map((d) => d.message)).toEqual(["a one", "a two"]);
    expect([...es.docs.values()][0]).toMatchObject({ wharf: { org: a.slug, service: "web", store: "out", node: a.node.id } });
    expect((await shipLogSink({ sinkId: sink.id, settleMs: 0 })).shipped).toBe(0);

    es.failNext = 1;
    await ingest(a, ["during the outage"]);
    const failed = await shipLogSink({ sinkId: sink.id, settleMs: 0 });
    expect(failed.error).toMatch(/answered 503/);
    const view = await call<LogSinkView>("GET", `/api/v1/log-sinks/${sink.id}`, owner(a));
    expect(view.json).toMatchObject({ shippedTotal: 2, lastError: expect.stringMatching(/503/) });
    expect(await shipLogSink({ sinkId: sink.id, settleMs: 0 })).toEqual({ shipped: 1, error: null });
    expect(es.docs.size).toBe(3);
    expect((await call<LogSinkView>("GET", `/api/v1/log-sinks/${sink.id}`, owner(a))).json).toMatchObject({
      shippedTotal: 3,
      lastError: null,
    });

    const test = await call<{ ok: boolean; message: string }>("POST", `/api/v1/log-sinks/${sink.id}/test`, owner(a));
    expect(test.json).toEqual({ ok: true, message: "the sink accepted a test line" });
    expect(es.docs.size).toBe(4);
    expect((await call("POST", `/api/v1/log-sinks/${sink.id}/test`, owner(b))).status).toBe(404);
  });

  it("ships to Loki with its tenant and token, labels few-valued", async () => {
    const loki = await lokiStandIn("loki-token", "team-a");
    standIns.push(loki);
    const sink = await createSink(a, {
      kind: "LOKI",
      url: `${loki.url}/`,
      settings: { labels: { env: "prod" }, tenant: "team-a" },
      credentials: { bearerToken: "loki-token" },
    });
    await ingest(a, ["loki one", "loki two"]);
    expect(await shipLogSink({ sinkId: sink.id, settleMs: 0 })).toEqual({ shipped: 2, error: null });
    expect(loki.entries.map((e) => e.line)).toEqual(["loki one", "loki two"]);
    expect(loki.entries[0]?.labels).toEqual({
      env: "prod",
      source: "wharf",
      org: a.slug,
      application: "shop",
      service: "web",
      store: "out",
      stream: "stdout",
    });
    expect(loki.entries[0]?.meta).toMatchObject({ node: a.node.id, task: "task0000001" });
    // A wrong token: the error is recorded, nothing moves.
    await call("PATCH", `/api/v1/log-sinks/${sink.id}`, { ...owner(a), body: { credentials: { bearerToken: "wrong" } } });
    await ingest(a, ["loki three"]);
    expect((await shipLogSink({ sinkId: sink.id, settleMs: 0 })).error).toMatch(/answered 401/);
    expect(loki.entries).toHaveLength(2);
  });

  it("ships to Alibaba Cloud Log Service through the official SDK, signed with the AccessKey", async () => {
    const sls = await slsStandIn("LTAIstandin", "standin-secret");
    standIns.push(sls);
    // The SDK sends to <project>.<endpoint>: a stand-in host name, resolved to the stand-in here.
    const network = { resolve: async () => [{ address: "127.0.0.1", family: 4 }] };
    const sink = await createSink(a, {
      kind: "ALIYUN_SLS",
      url: `http://sls.stand-in.test:${sls.port}`,
      settings: { project: "wharf-proj", logstore: "app-logs", topic: "wharf" },
      credentials: { accessKeyId: "LTAIstandin", accessKeySecret: "standin-secret" },
    });
    await ingest(a, ["sls one", "sls two"]);
    expect(await shipLogSink({ sinkId: sink.id, settleMs: 0, network })).toEqual({ shipped: 2, error: null });
    expect(sls.received).toHaveLength(1);
    expect(sls.received[0]).toMatchObject({ project: "wharf-proj", logstore: "app-logs", topic: "wharf", source: "wharf" });
    expect(sls.received[0]?.logs.map((l) => l.contents.message)).toEqual(["sls one", "sls two"]);
    expect(sls.received[0]?.logs[0]?.contents).toMatchObject({ application: "shop", service: "web", node: a.node.id, org: a.slug });
    // A wrong secret: the stand-in refuses the signature, the SDK's error is recorded.
    await call("PATCH", `/api/v1/log-sinks/${sink.id}`, {
      ...owner(a),
      body: { credentials: { accessKeyId: "LTAIstandin", accessKeySecret: "wrong" } },
    });
    await ingest(a, ["sls three"]);
    expect((await shipLogSink({ sinkId: sink.id, settleMs: 0, network })).error).toMatch(/SignatureNotMatch/);
  });

  it("applies the outbound policy: a sink cannot reach the metadata service", async () => {
    const sink = await createSink(a, { kind: "LOKI", url: "http://169.254.169.254", settings: {} });
    await ingest(a, ["never sent"]);
    const r = await shipLogSink({ sinkId: sink.id, settleMs: 0 });
    expect(r.error).toMatch(/link-local/);
    const test = await call<{ ok: boolean; message: string }>("POST", `/api/v1/log-sinks/${sink.id}/test`, owner(a));
    expect(test.json.ok).toBe(false);
  });
});
