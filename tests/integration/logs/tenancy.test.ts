/**
 * Tenant isolation of the log store, with two organisations: a line of organisation A never
 * appears in B's search, context, download, live tail, stores or node views — even when B asks
 * for A's line by id or searches for A's exact text.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { EDGE_HEADERS } from "@/lib/http/edge";
import type { LogLineView } from "@/lib/schemas/logs";
import { ingestLogs } from "@/lib/domain/logs/ingest-logs";
import { call } from "../../support/integration/client";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { batch, epochOf, line, readEvents } from "./support";

let a: Tenant;
let b: Tenant;
const secret = `tenantsecret${Date.now().toString(36)}`;

beforeAll(async () => {
  [a, b] = await Promise.all([createTenant("logs-iso-a"), createTenant("logs-iso-b")]);
  const appA = `app-${a.label}`.slice(0, 32).replace(/[^a-z0-9-]/g, "-");
  await ingestLogs({
    orgId: a.orgId,
    clusterId: a.cluster.id,
    nodeId: a.node.id,
    message: batch(epochOf("iso"), [line(1, `A says ${secret}`, { application: appA }), line(2, `A again ${secret}`)], 3),
  });
}, 180_000);

const as = (t: Tenant) => ({ token: t.tokens.OWNER.secret });

describe("log store tenancy", () => {
  it("A finds its line; B finds nothing with the same query, filters or A's ids", async () => {
    const mine = await call<{ items: LogLineView[] }>("GET", `/api/v1/logs?q=${encodeURIComponent(`"${secret}"`)}`, as(a));
    expect(mine.json.items).toHaveLength(2);
    for (const query of [`q=${encodeURIComponent(`"${secret}"`)}`, `q=${secret}`, `applicationId=${a.app.id}`, `nodeId=${a.node.id}`, ""]) {
      const theirs = await call<{ items: LogLineView[] }>("GET", `/api/v1/logs?${query}`, as(b));
      expect(theirs.status, theirs.text).toBe(200);
      // (the answer repeats the query it read, so only the lines are checked for A's text)
      expect(JSON.stringify(theirs.json.items)).not.toContain(secret);
      expect(theirs.text).not.toContain(a.orgId);
    }
    const lineId = mine.json.items[0]?.id ?? "";
    const context = await call<{ error: { code: string } }>("GET", `/api/v1/logs/context?lineId=${lineId}`, as(b));
    expect(context.status).toBe(404);
    expect(context.text).not.toContain(secret);
    expect((await call("GET", `/api/v1/logs/context?lineId=${lineId}`, as(a))).text).toContain(secret);
  });

  it("B's download and tail of everything hold none of A's lines", async () => {
    const download = await call("GET", "/api/v1/logs/download?format=text&limit=100000", as(b));
    expect(download.status).toBe(200);
    expect(download.text).not.toContain(secret);
    const tail = await call("GET", "/api/v1/logs/tail?backfill=500&follow=false", as(b));
    expect(tail.status).toBe(200);
    expect(tail.text).toContain("event: end");
    expect(tail.text).not.toContain(secret);
    expect((await call("GET", "/api/v1/logs/tail?backfill=500&follow=false", as(a))).text).toContain(secret);
  });

  it("a live tail of B sees B's new lines and none of A's", async () => {
    const res = await fetchTail(b);
    const events = readEvents(res, (e) =>
      e.some((x) => x.event === "lines" && (x.data as LogLineView[]).some((l) => l.text.includes("B live"))),
    );
    await new Promise((r) => setTimeout(r, 1_500));
    await ingestLogs({
      orgId: a.orgId,
      clusterId: a.cluster.id,
      nodeId: a.node.id,
      message: batch(epochOf("iso-live-a"), [line(1, `A live ${secret}`)], 3),
    });
    await ingestLogs({
      orgId: b.orgId,
      clusterId: b.cluster.id,
      nodeId: b.node.id,
      message: batch(epochOf("iso-live-b"), [line(1, "B live")]),
    });
    const got = await events;
    const texts = got.filter((x) => x.event === "lines").flatMap((x) => (x.data as LogLineView[]).map((l) => l.text));
    expect(texts).toContain("B live");
    expect(texts.join("\n")).not.toContain(secret);
  });

  it("stores and node views are the organisation's own", async () => {
    for (const path of ["/api/v1/log-stores", "/api/v1/logs/nodes", `/api/v1/logs/nodes?clusterId=${a.cluster.id}`]) {
      const res = await call("GET", path, as(b));
      expect(res.status, res.text).toBe(200);
      expect(res.text).not.toContain(a.node.id);
      expect(res.text).not.toContain(a.app.id);
    }
    const nodes = await call<{ items: Array<{ nodeId: string; droppedTotal: number }> }>("GET", "/api/v1/logs/nodes", as(a));
    expect(nodes.json.items).toContainEqual(expect.objectContaining({ nodeId: a.node.id, droppedTotal: 3 }));
  });
});

/** The tail route's body, streaming (the in-process router returns the Response as the route made it). */
async function fetchTail(t: Tenant): Promise<ReadableStream<Uint8Array>> {
  const { dispatch } = await import("../../support/integration/router");
  const res = await dispatch(
    new Request("http://127.0.0.1:3000/api/v1/logs/tail?backfill=0", {
      headers: { host: "127.0.0.1:3000", authorization: `Bearer ${t.tokens.OWNER.secret}`, [EDGE_HEADERS.peer]: "203.0.113.7" },
    }),
  );
  expect(res.status).toBe(200);
  if (!res.body) throw new Error("no body");
  return res.body;
}
