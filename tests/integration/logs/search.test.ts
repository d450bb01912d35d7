/**
 * Searching the store through the API: filters, words, "quoted substrings", match offsets, cursor
 * pages newest first, context around a line, downloads and the live tail; and the stores view.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ingestLogs } from "@/lib/domain/logs/ingest-logs";
import { tailLogs } from "@/lib/domain/logs/tail-logs";
import { logger } from "@/lib/logger";
import type { LogContext, LogLineView, LogSearchResult, LogStoreView } from "@/lib/schemas/logs";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { batch, epochOf, line, readEvents } from "./support";

let t: Tenant;
let app: string;
const base = Date.now() - 60_000;
const at = (i: number) => new Date(base + i * 10).toISOString();

beforeAll(async () => {
  t = await createTenant("logs-search");
  app = `app-${t.label}`.slice(0, 32).replace(/[^a-z0-9-]/g, "-");
  // A store declared by the service's labels, as a deploy would sync it.
  await testDb().query(
    `insert into "LogStore" (id, "orgId", "applicationId", "serviceId", name, source, "ttlDays", "updatedAt") values ($1, $2, $3, $4, 'out', 'stdout', 5, now())`,
    [`ls${Date.now().toString(36)}`, t.orgId, t.app.id, t.app.serviceId],
  );
  const lines = [
    line(1, "GET /api/orders 200 took 12ms", { ts: at(1), application: app }),
    line(2, "Timeout talking to payments: order 4242 user_77", { ts: at(2), application: app, stream: "stderr", task: "task0000002" }),
    line(3, "timeouts are not timeout-free", { ts: at(3), application: app, container: "c0ffee000002" }),
    line(4, "50% of 100_000 rows [cached]", { ts: at(4), application: app, store: "audit", stream: "file", file: "/var/log/app/a.log" }),
    line(5, "order 4242 shipped", { ts: at(5), application: "someone-else" }),
    ...Array.from({ length: 30 }, (_, i) => line(10 + i, `filler ${i}`, { ts: at(10 + i), application: app })),
  ];
  await ingestLogs({ orgId: t.orgId, clusterId: t.cluster.id, nodeId: t.node.id, message: batch(epochOf("search"), lines) });
}, 180_000);

const search = async (query: Record<string, string>) => {
  const res = await call<LogSearchResult>("GET", `/api/v1/logs?${new URLSearchParams(query)}`, { token: t.tokens.VIEWER.secret });
  expect(res.status, res.text).toBe(200);
  return res.json;
};
const texts = (items: LogLineView[]) => items.map((i) => i.text);

describe("log search", () => {
  it("finds whole words case-insensitively, with their offsets", async () => {
    const r = await search({ q: "timeout" });
    expect(texts(r.items)).toEqual(["timeouts are not timeout-free", "Timeout talking to payments: order 4242 user_77"]);
    expect(r.items[0]?.highlights).toEqual([[17, 24]]);
    expect(r.items[1]?.highlights).toEqual([[0, 7]]);
    expect(r.query).toEqual({ words: ["timeout"], substrings: [] });
  });

  it("finds quoted substrings literally (LIKE characters included) and combines terms", async () => {
    expect(texts((await search({ q: '"50% of 100_0"' })).items)).toEqual(["50% of 100_000 rows [cached]"]);
    expect(texts((await search({ q: '"[cached]"' })).items)).toEqual(["50% of 100_000 rows [cached]"]);
    expect(texts((await search({ q: '"ser_7"' })).items)).toEqual(["Timeout talking to payments: order 4242 user_77"]);
    expect(texts((await search({ q: 'order "4242 sh"' })).items)).toEqual(["order 4242 shipped"]);
    const both = await search({ q: '4242 "payments"' });
    expect(texts(both.items)).toEqual(["Timeout talking to payments: order 4242 user_77"]);
    expect(both.items[0]?.highlights).toEqual([
      [19, 27],
      [35, 39],
    ]);
    expect((await search({ q: "ser_7" })).items).toEqual([]); // not a word
  });

  it("filters by application, service, task, store, stream and time", async () => {
    expect(texts((await search({ q: "4242", applicationId: t.app.id })).items)).toEqual([
      "Timeout talking to payments: order 4242 user_77",
    ]);
    expect(texts((await search({ store: "audit" })).items)).toEqual(["50% of 100_000 rows [cached]"]);
    expect((await search({ stream: "file" })).items[0]).toMatchObject({
      file: "/var/log/app/a.log",
      store: "audit",
      applicationId: t.app.id,
      nodeId: t.node.id,
    });
    expect(texts((await search({ task: "task0000002" })).items)).toEqual(["Timeout talking to payments: order 4242 user_77"]);
    expect((await search({ service: "nope" })).items).toEqual([]);
    expect(texts((await search({ from: at(2), to: at(4) })).items)).toEqual([
      "timeouts are not timeout-free",
      "Timeout talking to payments: order 4242 user_77",
    ]);
  });

  it("pages newest first with a cursor, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LogSearchResult = await search({ limit: "7", applicationId: t.app.id, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await testDb().query<{ id: string }>(
      "select id::text from log_lines where org_id = $1 and application_id = $2 order by ts desc, id desc",
      [t.orgId, t.app.id],
    );
    expect(seen).toEqual(all.rows.map((r) => r.id));
  });

  it("answers bad input with 422 and an unknown cursor with 422", async () => {
    expect((await call("GET", "/api/v1/logs?stream=stdin", { token: t.tokens.VIEWER.secret })).status).toBe(422);
    expect((await call("GET", "/api/v1/logs?cursor=bm9wZQ", { token: t.tokens.VIEWER.secret })).status).toBe(422);
    expect(
      (await call("GET", `/api/v1/logs?q=${encodeURIComponent("a b c d e f g h i j k")}`, { token: t.tokens.VIEWER.secret })).status,
    ).toBe(422);
  });
});

describe("context, download and tail", () => {
  it("shows the lines of the same container and store around one line", async () => {
    const target = (await search({ q: "filler 5" })).items.find((i) => i.text === "filler 5");
    const res = await call<LogContext>("GET", `/api/v1/logs/context?lineId=${target?.id}&before=2&after=3`, {
      token: t.tokens.VIEWER.secret,
    });
    expect(res.status, res.text).toBe(200);
    expect(texts(res.json.items)).toEqual(["filler 3", "filler 4", "filler 5", "filler 6", "filler 7", "filler 8"]);
    expect((await call("GET", "/api/v1/logs/context?lineId=999999999999", { token: t.tokens.VIEWER.secret })).status).toBe(404);
  });

  it("downloads a result set as NDJSON or text, bounded by limit", async () => {
    const nd = await call("GET", `/api/v1/logs/download?applicationId=${t.app.id}&q=filler&limit=25`, { token: t.tokens.VIEWER.secret });
    expect(nd.status).toBe(200);
    expect(nd.headers.get("content-type")).toContain("application/x-ndjson");
    expect(nd.headers.get("content-disposition")).toMatch(/attachment; filename="logs-.*\.ndjson"/);
    const rows = nd.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as LogLineView);
    expect(rows).toHaveLength(25);
    expect(rows[0]?.text).toBe("filler 29");
    const text = await call("GET", `/api/v1/logs/download?format=text&q=${encodeURIComponent('"payments"')}`, {
      token: t.tokens.VIEWER.secret,
    });
    expect(text.text).toMatch(/^\S+Z app-logs-search\/web task0000002 \[out\/stderr\] Timeout talking to payments: order 4242 user_77\n$/);
  });

  it("tails new lines as Server-Sent Events, filtered, after a backfill", async () => {
    const stream = tailLogs({ orgId: t.orgId, backfill: 2, follow: "true", q: "tailme", log: logger, pollMs: 200 });
    const events = readEvents(stream, (e) => e.filter((x) => x.event === "lines").flatMap((x) => x.data as LogLineView[]).length >= 3);
    await new Promise((r) => setTimeout(r, 500));
    await ingestLogs({
      orgId: t.orgId,
      clusterId: t.cluster.id,
      nodeId: t.node.id,
      message: batch(epochOf("tail"), [
        line(1, "tailme one", { application: app }),
        line(2, "not this"),
        line(3, "tailme two", { application: app }),
        line(4, "tailme three"),
      ]),
    });
    const got = await events;
    expect(got[0]?.event).toBe("open");
    const lines = got.filter((x) => x.event === "lines").flatMap((x) => x.data as LogLineView[]);
    expect(texts(lines)).toEqual(["tailme one", "tailme two", "tailme three"]);
    expect(lines[0]?.highlights).toEqual([[0, 6]]);
  });

  it("lists the declared stores with lines, bytes and the last line", async () => {
    const res = await call<{ items: LogStoreView[] }>("GET", "/api/v1/log-stores", { token: t.tokens.VIEWER.secret });
    expect(res.status, res.text).toBe(200);
    const out = res.json.items.find((s) => s.name === "out");
    const counted = await testDb().query<{ n: number; b: number }>(
      "select count(*)::int as n, sum(octet_length(text))::int as b from log_lines where application_id = $1 and store = 'out'",
      [t.app.id],
    );
    expect(out).toMatchObject({
      applicationId: t.app.id,
      service: "web",
      ttlDays: 5,
      lines: counted.rows[0]?.n,
      bytes: counted.rows[0]?.b,
    });
    expect(out?.lastLineAt).not.toBeNull();
  });
});
