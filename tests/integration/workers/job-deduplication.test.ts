/**
 * Issue 9, finding 5f, against the real Redis and BullMQ: a job that failed all its attempts used
 * to keep its deterministic id in the failed set, and BullMQ ignores an add whose id exists — so
 * every later job for that cluster or application was silently dropped. Enqueueing the same work
 * must still be de-duplicated while a job waits, but never be blocked by a finished one.
 */
import { Worker, type Job } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { bullConnection, bullPrefix } from "@/lib/queue/connection";
import { defineJob } from "@/lib/queue/define-job";
import { enqueue, getQueue } from "@/lib/queue/enqueue";
import { waitFor } from "../../support/wait-for";

// A contract of its own on the housekeeping queue; the in-process worker below runs only it.
const flakyJob = defineJob({
  name: "test.finding-5f",
  queue: "housekeeping",
  schema: z.strictObject({ key: z.string(), fail: z.boolean() }),
  // failed and completed jobs are kept, as most contracts do
  options: { attempts: 2, backoff: { type: "fixed", delay: 50 }, removeOnComplete: 100, removeOnFail: 100 },
  jobId: (p) => `finding-5f-${p.key}`,
});

type Run = { key: string; fail: boolean; attempt: number; jobId: string };
const runs: Run[] = [];
const finalFailures: string[] = [];
let worker: Worker | undefined;
const suffix = `${process.pid}-${Date.now().toString(36)}`;

function startWorker(): Worker {
  const w = new Worker(
    flakyJob.queue,
    async (job: Job) => {
      if (job.name !== flakyJob.name) return undefined; // not ours: nothing else runs in this file
      const data = flakyJob.schema.parse(job.data);
      runs.push({ ...data, attempt: job.attemptsMade + 1, jobId: job.id ?? "" });
      if (data.fail) throw new Error(`fails on purpose (${data.key})`);
      return "ok";
    },
    { connection: bullConnection(), prefix: bullPrefix(), concurrency: 1 },
  );
  w.on("failed", (job) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) finalFailures.push(job.id ?? "");
  });
  return w;
}

afterAll(async () => {
  await worker?.close();
});

describe("finding 5f: a job that failed all its attempts does not block its successors", () => {
  it("same work enqueued while waiting is de-duplicated (one job)", async () => {
    const key = `dedup-${suffix}`;
    const jobs = await Promise.all([1, 2, 3].map(() => enqueue(flakyJob, { key, fail: false })));
    expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
    worker = startWorker();
    await waitFor("the de-duplicated job to run", async () => runs.some((r) => r.key === key));
    await new Promise((r) => setTimeout(r, 500));
    expect(runs.filter((r) => r.key === key)).toHaveLength(1);
  });

  it("after a job failed all its attempts, the same work enqueued again runs", async () => {
    const key = `fails-${suffix}`;
    const first = await enqueue(flakyJob, { key, fail: true });
    await waitFor("the first job to fail for good", async () => finalFailures.includes(first.id ?? "-"), 20_000);
    expect(await (await getQueue(flakyJob.queue).getJob(first.id ?? ""))?.getState()).toBe("failed");
    expect(runs.filter((r) => r.key === key).map((r) => r.attempt)).toEqual([1, 2]);

    const second = await enqueue(flakyJob, { key, fail: false });
    await waitFor("the later job to run", async () => runs.some((r) => r.key === key && !r.fail), 20_000);
    expect(second.id).not.toBe(first.id);
  });

  it("a completed job kept for history does not block the next one either", async () => {
    const key = `completes-${suffix}`;
    const first = await enqueue(flakyJob, { key, fail: false });
    await waitFor(
      "the first job to be completed",
      async () => (await (await getQueue(flakyJob.queue).getJob(first.id ?? ""))?.getState()) === "completed",
    );
    const second = await enqueue(flakyJob, { key, fail: false });
    await waitFor("a second run", async () => runs.filter((r) => r.key === key).length === 2, 20_000);
    expect(second.id).not.toBe(first.id);
  });
});
