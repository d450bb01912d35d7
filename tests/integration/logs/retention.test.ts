/**
 * Retention: the housekeeping job makes partitions ahead, drops whole days past LOG_TTL_MAX_DAYS,
 * deletes lines of a store past its log_ttl, and lines no store owns past LOG_TTL_DEFAULT_DAYS;
 * the stores' counters follow. A deploy's labels become LogStore rows with the default retention.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { envValue } from "@/lib/env";
import { ingestLogs } from "@/lib/domain/logs/ingest-logs";
import { dayOf, listLogPartitions } from "@/lib/domain/logs/log-partitions";
import { runLogHousekeeping } from "@/lib/domain/logs/log-retention";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { batch, epochOf, line } from "./support";

const DAY = 86_400_000;
let t: Tenant;
let app: string;

beforeAll(async () => {
  t = await createTenant("logs-retention");
  app = `app-${t.label}`.slice(0, 32).replace(/[^a-z0-9-]/g, "-");
}, 180_000);

const countOf = async (where: string, params: unknown[]) =>
  (await testDb().query<{ n: number }>(`select count(*)::int as n from log_lines where org_id = $1 and ${where}`, [t.orgId, ...params]))
    .rows[0]?.n;

describe("log retention", () => {
  it("keeps LogStore rows in step with the labels: default retention, capped at the maximum", async () => {
    const compose = `services:\n  web:\n    image: wharf-test/busybox:1\n    labels:\n      aliyun.log_store_out: stdout\n      aliyun.log_store_app: /var/log/app/*.log\n      aliyun.log_ttl_app: "3"\n      aliyun.log_ttl_out: "365"\n`;
    const preview = await call<{ warnings: Array<{ path: string; message: string }>; logStores: Array<{ name: string; ttlDays: number }> }>(
      "POST",
      `/api/v1/applications/${t.app.id}/preview`,
      { cookie: t.people.OWNER.cookie, body: { compose } },
    );
    expect(preview.status, preview.text).toBe(200);
    const max = envValue("LOG_TTL_MAX_DAYS");
    expect([...preview.json.logStores].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      expect.objectContaining({ name: "app", ttlDays: 3 }),
      expect.objectContaining({ name: "out", ttlDays: max }),
    ]);
    expect(preview.json.warnings).toContainEqual(
      expect.objectContaining({ path: expect.stringContaining("log_ttl_out"), message: expect.stringContaining(`kept ${max} days`) }),
    );
    const version = await call("POST", `/api/v1/applications/${t.app.id}/versions`, { cookie: t.people.OWNER.cookie, body: { compose } });
    expect(version.status, version.text).toBeLessThan(300);
    const stores = await testDb().query<{ name: string; source: string; ttlDays: number }>(
      `select name, source, "ttlDays" from "LogStore" where "applicationId" = $1 order by name`,
      [t.app.id],
    );
    expect(stores.rows).toEqual([
      { name: "app", source: "/var/log/app/*.log", ttlDays: 3 },
      { name: "out", source: "stdout", ttlDays: max },
    ]);
    // Without log_ttl: the installation's default; a store no longer declared goes.
    const next = `services:\n  web:\n    image: wharf-test/busybox:1\n    labels:\n      aliyun.log_store_app: /var/log/app/*.log\n`;
    expect(
      (await call("POST", `/api/v1/applications/${t.app.id}/versions`, { cookie: t.people.OWNER.cookie, body: { compose: next } })).status,
    ).toBeLessThan(300);
    const after = await testDb().query(`select name, "ttlDays" from "LogStore" where "applicationId" = $1`, [t.app.id]);
    expect(after.rows).toEqual([{ name: "app", ttlDays: envValue("LOG_TTL_DEFAULT_DAYS") }]);
    await testDb().query(`update "LogStore" set "ttlDays" = 3 where "applicationId" = $1`, [t.app.id]);
  });

  it("deletes a store's lines past its retention, orphans past the default, and drops days past the maximum", async () => {
    const now = Date.now();
    const max = envValue("LOG_TTL_MAX_DAYS");
    const def = envValue("LOG_TTL_DEFAULT_DAYS");
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    // Ingest refuses nothing within the maximum; a day older than it is made by hand (as if kept from a larger maximum).
    const oldDay = dayOf(now - (max + 2) * DAY);
    await testDb().query(
      `create table if not exists "log_lines_${oldDay.replaceAll("-", "")}" partition of log_lines for values from ('${oldDay} 00:00:00+00') to ('${dayOf(Date.parse(`${oldDay}T00:00:00Z`) + DAY)} 00:00:00+00')`,
    );
    await testDb().query(
      `insert into log_lines (org_id, cluster_id, node_id, application, service, container, store, stream, ts, epoch, seq, text) values ($1, $2, $3, 'x', 'web', 'c', 'app', 'stdout', $4, 'old', 1, 'ancient')`,
      [t.orgId, t.cluster.id, t.node.id, `${oldDay}T12:00:00Z`],
    );
    const epoch = epochOf("retention");
    const r = await ingestLogs({
      orgId: t.orgId,
      clusterId: t.cluster.id,
      nodeId: t.node.id,
      message: batch(epoch, [
        line(1, "app 1 day", { ts: ago(1), application: app, store: "app", stream: "file" }),
        line(2, "app 4 days", { ts: ago(4), application: app, store: "app", stream: "file" }),
        line(3, "orphan recent", { ts: ago(def - 1), application: app, store: "gone" }),
        line(4, "orphan old", { ts: ago(def + 1), application: app, store: "gone" }),
        line(5, "too old to keep", { ts: ago(max + 1), application: app, store: "app" }),
      ]),
    });
    expect(r).toMatchObject({ inserted: 4, expired: 1, upTo: 5 });
    const result = await runLogHousekeeping();
    expect(result.droppedPartitions).toContain(oldDay);
    expect((await listLogPartitions()).map((p) => p.day)).toEqual(
      expect.arrayContaining([dayOf(now), dayOf(now + DAY), dayOf(now + 3 * DAY)]),
    );
    expect(await countOf("text = 'ancient'", [])).toBe(0);
    const left = await testDb().query<{ text: string }>("select text from log_lines where epoch = $1 order by seq", [epoch]);
    expect(left.rows.map((x) => x.text)).toEqual(
      def + 1 > max ? ["app 1 day", "orphan recent", "orphan old"] : ["app 1 day", "orphan recent"],
    );
    const stats = await testDb().query<{ lines: number }>(
      "select coalesce(sum(lines), 0)::int as lines from log_store_stats where application_id = $1 and store = 'app'",
      [t.app.id],
    );
    expect(stats.rows[0]?.lines).toBe(1);
  });
});
