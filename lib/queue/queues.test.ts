import { describe, expect, it } from "vitest";
import { applicationDeployJob, applicationReconcileJob, applicationSweepJob } from "./jobs";
import { QUEUE_NAMES, queueConcurrency } from "./queues";

describe("queues", () => {
  it("keeps drift checks off the deployments' queue, so a deploy never waits behind them", () => {
    expect(applicationReconcileJob.queue).not.toBe(applicationDeployJob.queue);
    // The sweep that re-enqueues lost deployments stays with them: it must not wait behind checks either.
    expect(applicationSweepJob.queue).toBe(applicationDeployJob.queue);
  });

  it("gives drift checks more slots than other queues, every queue at least WORKER_CONCURRENCY", () => {
    expect(queueConcurrency("reconciliation", 4)).toBe(16);
    for (const q of QUEUE_NAMES) expect(queueConcurrency(q, 4)).toBeGreaterThanOrEqual(4);
    expect(queueConcurrency("applications", 4)).toBe(4);
  });
});
