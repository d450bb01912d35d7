/**
 * A deployment on a cluster with no manager that could connect fails at once with the reason: the
 * 30 s wait for a reconnecting manager (an agent restarting, a link coming back) is for clusters
 * whose manager was there a moment ago. Waiting on every such cluster held a worker's slot for
 * 30 s per deployment, and a full test run's fixture applications on node-less clusters kept a
 * real deployment 130 s in the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../support/integration/client";
import { startWorker, stopAll, waitFor } from "../../support/integration/processes";
import { SIMPLE_COMPOSE, signUp, uniqueEmail } from "../../support/integration/tenants";

type Deployment = {
  status: string;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  steps: Array<{ message: string }>;
};

let cookie: string;
beforeAll(async () => {
  cookie = (await signUp(uniqueEmail("nomanager"), { organizationName: "No manager" })).cookie;
  startWorker({ WORKER_LOCK_SECONDS: "5" });
});
afterAll(async () => {
  await stopAll();
});

describe("a deployment on a cluster with no manager", () => {
  it("fails at once with 'No connected manager', without waiting for one that cannot come", async () => {
    const cluster = await call<{ id: string }>("POST", "/api/v1/clusters", { cookie, body: { name: "never-joined" } });
    expect(cluster.status, cluster.text).toBe(201);
    const app = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
      cookie,
      body: { name: "orphan", clusterId: cluster.json.id, compose: SIMPLE_COMPOSE },
    });
    expect(app.status, app.text).toBe(201);
    const ended = await waitFor(
      "the deployment to end",
      async () => {
        const d = (
          await call<{ items: Deployment[] }>("GET", `/api/v1/applications/${app.json.application.id}/deployments?limit=1`, { cookie })
        ).json.items[0];
        return d && ["SUCCEEDED", "FAILED"].includes(d.status) ? d : undefined;
      },
      90_000,
      250,
    );
    expect(ended.status).toBe("FAILED");
    expect(ended.error).toMatch(/No connected manager node/);
    expect(ended.steps.map((s) => s.message).join("\n")).not.toMatch(/waiting up to 30 s/);
    // It ended before the grace for a reconnecting manager could have run out.
    expect(new Date(ended.finishedAt ?? 0).getTime() - new Date(ended.startedAt ?? 0).getTime()).toBeLessThan(30_000);
  });
});
