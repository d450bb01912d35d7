/**
 * Scheduled and one-off tasks on a real one-node swarm (issue 15, item 3), with TWO worker
 * processes taking the schedule's ticks:
 *  - a one-off job (replicated-job) runs to completion when deployed: the deployment succeeds once
 *    the job completed, and its run (exit code 0, logs) is in the service's history; Run now runs it
 *    again. A job that exits 3 fails its deployment with the exit code, recorded with its logs.
 *  - `wharf.schedule: "* /5 * * * * *"` (every 5 s) runs at 5-second ticks, exactly one run per tick
 *    although both workers take every tick at once (extra tick jobs race them); suspend stops the
 *    ticks, resume starts them again.
 * Short cron, one machine: the file's wall time stays around a minute and a half.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeQueues, getQueue } from "@/lib/queue/enqueue";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { deployApplication } from "../../support/integration/deployments";
import { startWorker, waitFor, type Proc } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";

type Run = { id: string; trigger: string; tick: string | null; status: string; exitCode: number | null; durationMs: number | null };
type RunDetail = Run & { logs: string; tasks: Array<{ id: string; exitCode: number | null }> };
type Job = { serviceId: string; name: string; schedule: { cron: string; suspended: boolean } | null };

let cookie: string;
let busybox: string;
let cluster: SwarmCluster;
let secondWorker: Proc;

const job = (name: string, command: string, labels = "") =>
  `services:\n  ${name}:\n    image: ${busybox}\n    command: ["sh", "-c", ${JSON.stringify(command)}]\n    deploy:\n      mode: replicated-job\n      restart_policy:\n        condition: none\n${labels}`;

async function jobOf(appId: string, name: string): Promise<Job> {
  const res = await call<{ items: Job[] }>("GET", `/api/v1/applications/${appId}/jobs`, { cookie });
  expect(res.status, res.text).toBe(200);
  const found = res.json.items.find((j) => j.name === name);
  if (!found) throw new Error(`no job ${name}: ${res.text}`);
  return found;
}
const runsOf = async (appId: string, serviceId: string) =>
  (await call<{ items: Run[] }>("GET", `/api/v1/applications/${appId}/services/${serviceId}/runs?limit=100`, { cookie })).json.items;
const runDetail = async (appId: string, serviceId: string, runId: string) =>
  (await call<RunDetail>("GET", `/api/v1/applications/${appId}/services/${serviceId}/runs/${runId}`, { cookie })).json;
const finished = (r: Run) => !["PENDING", "RUNNING"].includes(r.status);

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("jobs"));
  cookie = owner.cookie;
  busybox = (await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "")).busybox;
  cluster = await startSwarmCluster({ cookie, name: "service-jobs-it", machines: [{ name: "wsj1", index: 221 }] });
  secondWorker = startWorker({ WORKER_LOCK_SECONDS: "5" });
}, 300_000);

afterAll(async () => {
  await closeQueues();
  await cluster?.stop();
}, 120_000);

/**
 * The repeatable tick runs once a second on whichever worker takes it; extra tick jobs every 100 ms
 * make both workers (4 slots each) take the same due tick at the same moment, as many workers would.
 */
function raceTicks(): () => void {
  let n = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < 4; i++)
      void getQueue("job-schedules").add("job-schedules.tick", {}, { jobId: `race-${Date.now()}-${n++}`, removeOnComplete: true });
  }, 100);
  return () => clearInterval(timer);
}

describe("one-off jobs", () => {
  it("a deployed job runs to completion; its run, exit code and logs are in the history; Run now runs it again", async () => {
    const { id, deployment } = await deploy("oneoff", job("report", "echo report line one; echo report line two >&2; exit 0"));
    expect(deployment.status, deployment.error ?? "").toBe("SUCCEEDED");
    const report = await jobOf(id, "report");
    expect(report.schedule).toBeNull();
    const [first] = await waitFor("the deploy run recorded", async () => {
      const runs = await runsOf(id, report.serviceId);
      return runs.length === 1 && finished(runs[0] as Run) ? runs : undefined;
    });
    expect(first).toMatchObject({ trigger: "DEPLOY", status: "SUCCEEDED", exitCode: 0 });
    const detail = await runDetail(id, report.serviceId, first?.id ?? "");
    expect(detail.logs).toMatch(/report line one/);
    expect(detail.logs).toMatch(/\[stderr\] report line two/);
    expect(detail.tasks).toEqual([expect.objectContaining({ exitCode: 0 })]);

    const now = await call<Run>("POST", `/api/v1/applications/${id}/services/${report.serviceId}/runs`, { cookie });
    expect(now.status, now.text).toBe(201);
    expect(now.json).toMatchObject({ trigger: "MANUAL", status: "PENDING" });
    const manual = await waitFor("the manual run finished", async () => {
      const run = (await runsOf(id, report.serviceId)).find((r) => r.id === now.json.id);
      return run && finished(run) ? run : undefined;
    });
    expect(manual).toMatchObject({ status: "SUCCEEDED", exitCode: 0 });
    expect(manual.durationMs).toBeGreaterThan(0);
    const manualDetail = await runDetail(id, report.serviceId, manual.id);
    expect(manualDetail.logs).toMatch(/report line one/);
    // only this run's task: the deploy run's lines are not repeated
    expect(manualDetail.logs.match(/report line one/g)).toHaveLength(1);
    expect(manualDetail.tasks[0]?.id).not.toBe(detail.tasks[0]?.id);
    const audit = await call<{ items: Array<{ action: string }> }>("GET", "/api/v1/audit-logs?action=job.run", { cookie });
    expect(audit.json.items).toHaveLength(1);
  });

  it("a job that exits 3 fails its deployment with the exit code, and its run keeps the exit code and logs", async () => {
    const { id, deployment } = await deploy("oneoff-fails", job("migrate", "echo migrating and failing; exit 3"));
    expect(deployment.status).toBe("FAILED");
    expect(deployment.error).toMatch(/the job failed with exit code 3/);
    const migrate = await jobOf(id, "migrate");
    const runs = await runsOf(id, migrate.serviceId);
    expect(runs).toEqual([expect.objectContaining({ trigger: "DEPLOY", status: "FAILED", exitCode: 3 })]);
    expect((await runDetail(id, migrate.serviceId, runs[0]?.id ?? "")).logs).toMatch(/migrating and failing/);
    // no automatic rollback for a job that ran and failed
    const deployments = await call<{ items: Array<{ kind: string }> }>("GET", `/api/v1/applications/${id}/deployments`, { cookie });
    expect(deployments.json.items.map((d) => d.kind)).toEqual(["DEPLOY"]);
  });
});

describe("a scheduled job with two workers", () => {
  it("runs at every 5-second tick, exactly once per tick; suspend stops it and resume starts it again", async () => {
    expect(secondWorker.exitCode).toBeNull();
    const { id, deployment } = await deploy(
      "scheduled",
      job(
        "tick",
        "echo tick at $$(date -u +%T)",
        `    labels:\n      wharf.schedule: "*/5 * * * * *"\n      wharf.schedule.timezone: Europe/Paris\n`,
      ),
    );
    expect(deployment.status, deployment.error ?? "").toBe("SUCCEEDED");
    const tick = await jobOf(id, "tick");
    expect(tick.schedule).toMatchObject({ cron: "*/5 * * * * *", suspended: false });
    const stopRacing = raceTicks();
    const scheduled = await waitFor(
      "three scheduled runs finished",
      async () => {
        const runs = (await runsOf(id, tick.serviceId)).filter((r) => r.trigger === "SCHEDULE" && finished(r));
        return runs.length >= 3 ? runs : undefined;
      },
      60_000,
      500,
    ).finally(stopRacing);
    const ticks = scheduled.map((r) => Date.parse(r.tick ?? "")).sort((a, b) => a - b);
    // at the expected seconds, consecutive, each once
    for (const t of ticks) expect(t % 5_000).toBe(0);
    for (let i = 1; i < ticks.length; i++) expect((ticks[i] ?? 0) - (ticks[i - 1] ?? 0)).toBe(5_000);
    const perTick = await testDb().query(
      'select tick, count(*)::int as n from "ServiceRun" where "serviceId" = $1 and tick is not null group by tick having count(*) > 1',
      [tick.serviceId],
    );
    expect(perTick.rows).toEqual([]);
    const succeeded = scheduled.find((r) => r.status === "SUCCEEDED");
    expect(succeeded, JSON.stringify(scheduled)).toBeDefined();
    expect((await runDetail(id, tick.serviceId, succeeded?.id ?? "")).logs).toMatch(/tick at \d\d:\d\d:\d\d/);

    const suspend = await call<Job>("PATCH", `/api/v1/applications/${id}/services/${tick.serviceId}/schedule`, {
      cookie,
      body: { suspended: true },
    });
    expect(suspend.status, suspend.text).toBe(200);
    expect(suspend.json.schedule).toMatchObject({ suspended: true });
    const at = Date.now();
    await new Promise((r) => setTimeout(r, 7_000));
    const late = (await runsOf(id, tick.serviceId)).filter((r) => r.trigger === "SCHEDULE" && Date.parse(r.tick ?? "") > at + 1_000);
    expect(late).toEqual([]);

    const resume = await call<Job>("PATCH", `/api/v1/applications/${id}/services/${tick.serviceId}/schedule`, {
      cookie,
      body: { suspended: false },
    });
    expect(resume.status, resume.text).toBe(200);
    const resumedAt = Date.now();
    await waitFor(
      "a run after resuming",
      async () => (await runsOf(id, tick.serviceId)).some((r) => r.trigger === "SCHEDULE" && Date.parse(r.tick ?? "") >= resumedAt - 1_000),
      15_000,
    );
    const audit = await call<{ items: Array<{ action: string }> }>("GET", "/api/v1/audit-logs?limit=100", { cookie });
    expect(audit.json.items.map((a) => a.action)).toEqual(expect.arrayContaining(["job.suspend", "job.resume"]));
  });
});

function deploy(name: string, compose: string) {
  return deployApplication({ cookie, clusterId: cluster.clusterId, name, compose });
}
