/**
 * The real worker process (workers/main.ts, bundled as up.sh runs it) against real Redis and PostgreSQL: it heartbeats,
 * runs queued jobs, and a crash (SIGKILL) or a graceful restart (SIGTERM) loses no queued job.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeQueues, enqueue, getQueue } from "@/lib/queue/enqueue";
import { housekeepingJob } from "@/lib/queue/jobs";
import { liveWorkers } from "@/lib/queue/liveness";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { serviceArgs } from "../../support/integration/processes";
import { waitFor } from "../../support/wait-for";

const ROOT = path.resolve(__dirname, "../../..");
const running = new Set<ChildProcess>();

let workerCount = 0;

/** Starts the real worker entry in its own process; its liveness reports carry `name`. */
function startWorker(): ChildProcess & { workerName: string } {
  const workerName = `it-worker-${process.pid}-${workerCount++}`;
  const proc = spawn(process.execPath, serviceArgs("worker"), {
    cwd: ROOT,
    env: {
      ...process.env,
      WHARF_PROCESS: "worker",
      WORKER_NAME: workerName,
      WORKER_LOCK_SECONDS: "4",
      WORKER_CONCURRENCY: "2",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  running.add(proc);
  proc.on("exit", () => running.delete(proc));
  return Object.assign(proc, { workerName });
}

const exited = (proc: ChildProcess) =>
  new Promise<number | null>((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.once("exit", (code) => resolve(code))));

async function succeeded(batch: string): Promise<number> {
  const res = await testDb().query(
    `select count(distinct "jobId")::int as n from "JobRun" where "jobId" like $1 and status = 'SUCCEEDED'`,
    [`housekeeping-${batch}-%`],
  );
  return res.rows[0].n as number;
}

async function enqueueBatch(batch: string, n: number) {
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => enqueue(housekeepingJob, { reason: `${batch}-${i + j}` })));
  }
}

afterAll(async () => {
  for (const p of running) p.kill("SIGKILL");
  await closeQueues();
});

describe("worker process", () => {
  it("heartbeats while running and shows up in /api/health", async () => {
    const worker = startWorker();
    const beats = await waitFor(
      "a heartbeat",
      async () => (await liveWorkers()).find((w) => w.id.startsWith(`${worker.workerName}-`)),
      30_000,
    );
    expect(beats.queues).toContain("housekeeping");
    const health = await call<{ workers: { ok: boolean; count: number } }>("GET", "/api/health");
    expect(health.status).toBe(200);
    expect(health.json.workers.ok).toBe(true);
    worker.kill("SIGTERM");
    expect(await exited(worker)).toBe(0);
    await waitFor(
      "the heartbeat to be withdrawn",
      async () => !(await liveWorkers()).some((w) => w.id.startsWith(`${worker.workerName}-`)),
      10_000,
    );
  });

  it("a schedule Redis lost shows in /api/health, and the running worker puts it back by itself", async () => {
    const worker = startWorker();
    await waitFor("a heartbeat", async () => (await liveWorkers()).find((w) => w.id.startsWith(`${worker.workerName}-`)), 30_000);
    type Health = { status: string; schedules: { ok: boolean; missing: string[] }; reconciler: { ok: boolean }; bus: { ok: boolean } };
    const healthy = await waitFor(
      "health ok",
      async () => {
        const h = await call<Health>("GET", "/api/health");
        return h.status === 200 ? h.json : undefined;
      },
      30_000,
    );
    expect(healthy).toMatchObject({ status: "ok", schedules: { ok: true, missing: [] }, reconciler: { ok: true }, bus: { ok: true } });

    await getQueue("applications").removeJobScheduler("applications-sweep");
    const lost = await call<Health>("GET", "/api/health");
    expect(lost.status).toBe(503);
    expect(lost.json.schedules).toEqual({ ok: false, missing: ["applications-sweep"] });
    // Re-asserted every 10 s while the worker runs: nobody restarts anything.
    await waitFor("the schedule back", async () => (await call<Health>("GET", "/api/health")).json.schedules.ok, 20_000, 500);
    worker.kill("SIGTERM");
    expect(await exited(worker)).toBe(0);
  });

  it("jobs queued while no worker runs are processed when one starts", async () => {
    const batch = `queued${Date.now().toString(36)}`;
    await enqueueBatch(batch, 100);
    expect(await succeeded(batch)).toBe(0);
    const worker = startWorker();
    await waitFor("all 100 jobs", async () => (await succeeded(batch)) === 100);
    worker.kill("SIGTERM");
    expect(await exited(worker)).toBe(0);
  });

  it("a crash (SIGKILL) mid-batch loses no job", async () => {
    const batch = `crash${Date.now().toString(36)}`;
    const total = 600;
    await enqueueBatch(batch, total);
    const first = startWorker();
    await waitFor("the first jobs to finish", async () => (await succeeded(batch)) >= 20);
    first.kill("SIGKILL");
    await exited(first);
    const atCrash = await succeeded(batch);
    expect(atCrash).toBeLessThan(total); // the crash really interrupted the batch
    const second = startWorker();
    await waitFor(`all ${total} jobs after the crash`, async () => (await succeeded(batch)) === total, 90_000);
    const failed = await testDb().query(`select count(*)::int as n from "JobRun" where "jobId" like $1 and status <> 'SUCCEEDED'`, [
      `housekeeping-${batch}-%`,
    ]);
    expect(failed.rows[0].n).toBe(0);
    second.kill("SIGTERM");
    expect(await exited(second)).toBe(0);
  });

  it("a graceful restart (SIGTERM) finishes active jobs and loses none", async () => {
    const batch = `restart${Date.now().toString(36)}`;
    const total = 600;
    await enqueueBatch(batch, total);
    const first = startWorker();
    await waitFor("the first jobs to finish", async () => (await succeeded(batch)) >= 20);
    first.kill("SIGTERM");
    expect(await exited(first)).toBe(0);
    // Graceful: nothing was left half-done by the stopped worker.
    const running = await testDb().query(`select count(*)::int as n from "JobRun" where "jobId" like $1 and status = 'RUNNING'`, [
      `housekeeping-${batch}-%`,
    ]);
    expect(running.rows[0].n).toBe(0);
    expect(await succeeded(batch)).toBeLessThan(total);
    const second = startWorker();
    await waitFor(`all ${total} jobs after the restart`, async () => (await succeeded(batch)) === total, 90_000);
    second.kill("SIGTERM");
    expect(await exited(second)).toBe(0);
  });
});
