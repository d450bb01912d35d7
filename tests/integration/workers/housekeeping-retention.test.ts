/**
 * Issue 9, finding 6: node commands, application events and deployments were never pruned. The
 * hourly housekeeping now deletes finished commands, events and finished deployments past their
 * retention (keeping the newest N deployments of every application whatever their age) and old job
 * runs, in batches, against the real PostgreSQL.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runHousekeeping, type HousekeepingSettings } from "@/lib/domain/housekeeping/run-housekeeping";
import { testDb } from "../../support/integration/db";
import { createTenant, type Tenant } from "../../support/integration/tenants";

const SETTINGS: HousekeepingSettings = {
  auditDays: 365,
  commandDays: 30,
  eventDays: 90,
  deploymentDays: 180,
  deploymentsKeptPerApp: 3,
  jobRunDays: 30,
};
const DAY = 86_400_000;
const ago = (days: number, minutes = 0) => new Date(Date.now() - days * DAY - minutes * 60_000);

let t: Tenant;
const run = `hk${Date.now().toString(36)}`;
let seq = 0;
const id = (kind: string) => `${run}${kind}${seq++}`;

async function command(status: string, createdAt: Date) {
  const rowId = id("cmd");
  await testDb().query(
    `insert into "Command" (id, "orgId", "clusterId", "nodeId", type, payload, "idempotencyKey", status, "timeoutMs", "createdAt") values ($1, $2, $3, $4, 'node.update', '{}', $1, $5::"CommandStatus", 1000, $6)`,
    [rowId, t.orgId, t.cluster.id, t.node.id, status, createdAt],
  );
  return rowId;
}
async function event(createdAt: Date) {
  const rowId = id("evt");
  await testDb().query(
    `insert into "AppEvent" (id, "orgId", "applicationId", type, message, "createdAt") values ($1, $2, $3, 'scale', 'x', $4)`,
    [rowId, t.orgId, t.app.id, createdAt],
  );
  return rowId;
}
async function deployment(applicationId: string, status: string, createdAt: Date) {
  const rowId = id("dep");
  await testDb().query(
    `insert into "Deployment" (id, "orgId", "applicationId", kind, status, "actorLabel", "createdAt") values ($1, $2, $3, 'SCALE', $4::"DeploymentStatus", 'test', $5)`,
    [rowId, t.orgId, applicationId, status, createdAt],
  );
  return rowId;
}
async function jobRun(startedAt: Date) {
  const rowId = id("job");
  await testDb().query(
    `insert into "JobRun" (id, queue, name, "jobId", attempt, status, worker, "startedAt") values ($1, 'housekeeping', 'test.job', $1, 1, 'SUCCEEDED', 'test', $2)`,
    [rowId, startedAt],
  );
  return rowId;
}
const exists = async (table: string, ids: string[]) =>
  (await testDb().query<{ id: string }>(`select id from "${table}" where id = any($1)`, [ids])).rows.map((r) => r.id).sort();

beforeAll(async () => {
  t = await createTenant("housekeeping");
});

describe("finding 6: retention of commands, events, deployments and job runs", () => {
  it("prunes what is past retention in batches and keeps the rest", async () => {
    const oldFinished = [
      await command("SUCCEEDED", ago(40)),
      await command("FAILED", ago(45)),
      await command("TIMED_OUT", ago(31)),
      await command("SUCCEEDED", ago(60)),
      await command("SUCCEEDED", ago(90)),
    ];
    const keptCommands = [await command("PENDING", ago(40)), await command("SENT", ago(40)), await command("SUCCEEDED", ago(29))];
    const oldEvents = await Promise.all([100, 120, 91, 365, 200].map((d) => event(ago(d))));
    const keptEvents = [await event(ago(89)), await event(ago(0))];
    // Six old finished deployments: the newest three stay (kept per application), the oldest three go.
    const finished = [];
    for (let i = 0; i < 6; i++) finished.push(await deployment(t.app.id, i % 2 ? "FAILED" : "SUCCEEDED", ago(200, 6 - i)));
    const oldQueued = await deployment(t.app.id, "QUEUED", ago(400));
    const oldJobs = await Promise.all([31, 40, 100].map((d) => jobRun(ago(d))));
    const keptJobs = [await jobRun(ago(1))];

    const deleted = await runHousekeeping({ settings: SETTINGS, batch: { batchSize: 2 } });
    expect(deleted.commands).toBeGreaterThanOrEqual(5);
    expect(deleted.appEvents).toBeGreaterThanOrEqual(5);
    expect(deleted.deployments).toBeGreaterThanOrEqual(3);
    expect(deleted.jobRuns).toBeGreaterThanOrEqual(3);

    expect(await exists("Command", oldFinished)).toEqual([]);
    expect(await exists("Command", keptCommands)).toEqual([...keptCommands].sort());
    expect(await exists("AppEvent", oldEvents)).toEqual([]);
    expect(await exists("AppEvent", keptEvents)).toEqual([...keptEvents].sort());
    expect(await exists("Deployment", finished)).toEqual(finished.slice(3).sort());
    expect(await exists("Deployment", [oldQueued, t.app.id])).toEqual([oldQueued]);
    expect(await exists("JobRun", oldJobs)).toEqual([]);
    expect(await exists("JobRun", keptJobs)).toEqual(keptJobs);
    // The application's own first deployment (recent, queued) is untouched.
    expect(
      (
        await testDb().query(`select count(*)::int as n from "Deployment" where "applicationId" = $1 and id not like $2`, [
          t.app.id,
          `${run}%`,
        ])
      ).rows[0].n,
    ).toBeGreaterThanOrEqual(1);

    const again = await runHousekeeping({ settings: SETTINGS, batch: { batchSize: 2 } });
    expect(await exists("Deployment", finished)).toEqual(finished.slice(3).sort());
    expect(again.deployments).toBe(0);
  });
});
