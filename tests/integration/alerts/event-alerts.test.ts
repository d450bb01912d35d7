/**
 * Wharf's event rules through the real Alertmanager (issue 13): the worker's alerts.raise-events job
 * posts the conditions that hold to the integration Alertmanager, which posts them to the console's
 * receiver; each fires once and resolves when the condition ends, notified to a local webhook
 * receiver with a valid signature. The conditions are produced the way the rest of Wharf records
 * them (a failed deployment, a failed release, the autoscaler's suppressed "at-max" decision, a push
 * that takes the registry over its quota, a balancer whose targets are all unhealthy); running real
 * deployments and releases is left to their own tests. The balancer is AWS ELBv2's LOCAL STAND-IN
 * (tests/support/lb-standins): Wharf reads its target health through the real aws-elbv2 driver.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "@/lib/domain/registry/webhooks/sign-webhook";
import type { AlertRuleView, AlertView } from "@/lib/schemas/alerts";
import type { CreatedNotificationChannel } from "@/lib/schemas/notification-channels";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { startWorker, stopAll, waitFor } from "../../support/integration/processes";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { ownerToken, pushSyntheticImage, waitForPushRecorded } from "../../support/registry/registry-http";
import { elbBackend, elbDriver, elbHandle } from "../lb/cloud-subjects";
import { startAwsElbv2Standin } from "../../support/lb-standins/aws-elbv2-standin";
import { deleteAlertRulesOf, startHttpReceiver, type Hit } from "./support/receivers";

let t: Tenant;
let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
let channel: CreatedNotificationChannel;
let appName: string;

const api = <T>(method: string, path: string, body?: unknown) => call<T>(method, `/api/v1${path}`, { cookie: t.people.OWNER.cookie, body });

async function rule(body: Record<string, unknown>): Promise<AlertRuleView> {
  const res = await api<AlertRuleView>("POST", "/alerts/rules", { ...body, channelIds: [channel.id] });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

const history = async (ruleId: string) => (await api<{ items: AlertView[] }>("GET", `/alerts?ruleId=${ruleId}&limit=50`)).json.items;

function notices(ruleId: string, event: "firing" | "resolved"): Array<{ summary: string; id: string }> {
  return hook.hits.flatMap((hit: Hit) => {
    const body = JSON.parse(hit.body) as { event: string; alert: { id: string; summary: string; rule: { id: string } } | null };
    if (body.event !== event || body.alert?.rule.id !== ruleId) return [];
    expect(
      verifyWebhookSignature({
        secret: channel.secret ?? "",
        timestamp: String(hit.headers["x-wharf-timestamp"]),
        body: hit.body,
        signature: String(hit.headers["x-wharf-signature"]),
      }),
    ).toBe(true);
    return [{ summary: body.alert.summary, id: body.alert.id }];
  });
}

/** Fires (one notification), then resolves after `end` (one more). */
async function firesThenResolves(r: AlertRuleView, end: () => Promise<void>, summary: RegExp): Promise<void> {
  const [fired] = await waitFor(
    `${r.kind} firing`,
    async () => {
      const n = notices(r.id, "firing");
      return n.length ? n : null;
    },
    60_000,
    250,
  );
  expect(fired?.summary).toMatch(summary);
  expect((await history(r.id))[0]).toMatchObject({ id: fired?.id, state: "FIRING", kind: r.kind });
  await end();
  await waitFor(`${r.kind} resolved`, async () => notices(r.id, "resolved").length === 1, 60_000, 250);
  expect(await history(r.id)).toEqual([expect.objectContaining({ id: fired?.id, state: "RESOLVED" })]);
  expect(notices(r.id, "firing")).toHaveLength(1);
}

beforeAll(async () => {
  hook = await startHttpReceiver();
  t = await createTenant("alert-events");
  appName = (await api<{ name: string }>("GET", `/applications/${t.app.id}`)).json.name;
  const res = await api<CreatedNotificationChannel>("POST", "/notification-channels", {
    kind: "WEBHOOK",
    name: "events",
    url: `${hook.url}/events`,
  });
  expect(res.status, res.text).toBe(201);
  channel = res.json;
  // The fixture's autoscaling rule would record decisions of its own (its service never runs).
  await testDb().query(`update "AutoscalingRule" set enabled = false where id = $1`, [t.autoscaling.ruleId]);
  startWorker();
}, 120_000);

afterAll(async () => {
  await stopAll();
  await deleteAlertRulesOf([t?.orgId]);
  await hook?.close();
});

const later = (ms: number) => new Date(Date.now() + ms);

describe("event rules", () => {
  it("DEPLOYMENT_FAILED fires for a failed deployment and resolves with the next success", async () => {
    const r = await rule({ name: "deploys", kind: "DEPLOYMENT_FAILED", applicationId: t.app.id });
    await testDb().query(
      `update "Deployment" set status = 'FAILED', error = 'image not found: wharf-test/busybox:1', "finishedAt" = $2 where "applicationId" = $1`,
      [t.app.id, later(1000)],
    );
    await firesThenResolves(
      r,
      async () => {
        await testDb().query(
          `insert into "Deployment" (id, "orgId", "applicationId", kind, status, "actorLabel", "finishedAt") values ($1, $2, $3, 'REDEPLOY', 'SUCCEEDED', 'test', $4)`,
          [`dep${Date.now().toString(36)}`, t.orgId, t.app.id, later(2000)],
        );
      },
      new RegExp(`^Deployment of ${appName} failed \\(`),
    );
  }, 150_000);

  it("RELEASE_FAILED fires for a failed release and resolves with the next completed one", async () => {
    const r = await rule({ name: "releases", kind: "RELEASE_FAILED" });
    const insert = (n: number, state: string, error: string | null, finishedAt: Date) =>
      testDb().query(
        `insert into "Release" (id, "orgId", "applicationId", number, strategy, state, step, "fromVersionId", "toVersionId", "fromColour", "toColour", services, "actorLabel", error, "finishedAt", "updatedAt")
       values ($1, $2, $3, $4, 'CANARY', $5, 'done', $6, $6, 'blue', 'green', '[]', 'test', $7, $8, now())`,
        [`rel${Date.now().toString(36)}${n}`, t.orgId, t.app.id, n, state, t.app.versionId, error, finishedAt],
      );
    await insert(10, "FAILED", "error rate 12 % above 5 %", later(1000));
    await firesThenResolves(
      r,
      () => insert(11, "DONE", null, later(2000)).then(() => undefined),
      new RegExp(`^Release #10 of ${appName} failed and was rolled back: error rate 12 %`),
    );
  }, 150_000);

  it("AUTOSCALING_AT_MAX fires while the autoscaler is held at its maximum, and resolves when it decides otherwise", async () => {
    const r = await rule({ name: "at max", kind: "AUTOSCALING_AT_MAX", applicationId: t.app.id });
    const decision = (id: string, action: string, reason: string, at: Date) =>
      testDb().query(
        `insert into "AutoscalingDecision" (id, "orgId", "ruleId", "applicationId", service, at, "lastAt", action, reason, "fromReplicas", "toReplicas", values, explanation)
       values ($1, $2, $3, $4, 'web', $5, $5, $6, $7, 10, 10, '{}', $8)`,
        [id, t.orgId, t.autoscaling.ruleId, t.app.id, at, action, reason, `CPU 91 % > 70 % → at its maximum of 10`],
      );
    const atMax = `asd${Date.now().toString(36)}`;
    await decision(atMax, "suppressed", "at-max", new Date());
    // The evaluator repeats a held decision on its row (lastAt) every few seconds.
    const repeat = setInterval(
      () => void testDb().query(`update "AutoscalingDecision" set "lastAt" = now(), repeats = repeats + 1 where id = $1`, [atMax]),
      2_000,
    );
    try {
      await firesThenResolves(
        r,
        async () => {
          clearInterval(repeat);
          await decision(`asd${Date.now().toString(36)}b`, "scale-in", "cpu-below", later(1000));
        },
        /^Autoscaling of .*\/web is at its maximum of 10 instances and wants more/,
      );
    } finally {
      clearInterval(repeat);
    }
  }, 150_000);

  it("REGISTRY_QUOTA fires once a push takes the organisation over its share of the quota", async () => {
    await testDb().query(`update "Organization" set "quotaRegistryBytes" = 10000 where id = $1`, [t.orgId]);
    const repo = t.registry.repositoryPath;
    const pushed = await pushSyntheticImage({
      repository: repo,
      tag: "big",
      token: await ownerToken(t.tokens.OWNER.secret, repo),
      layerBytes: 8000,
    });
    expect(pushed.status).toBe(201);
    await waitForPushRecorded(repo, "big");
    // After the push: the worker measures the organisation's storage when the rule is first evaluated (cached for a minute).
    const r = await rule({ name: "storage", kind: "REGISTRY_QUOTA", threshold: 50, forSeconds: 0 });
    await firesThenResolves(
      r,
      async () => {
        await testDb().query(`update "Organization" set "quotaRegistryBytes" = 10000000 where id = $1`, [t.orgId]);
      },
      /^Registry storage at \d+\.\d % of the quota \(.* above 50 %\)/,
    );
  }, 180_000);

  it("LB_NO_HEALTHY_BACKEND fires when a listener's targets are all unhealthy, and resolves when one is healthy again", async () => {
    const elb = await startAwsElbv2Standin();
    try {
      const cluster = await api<{ id: string }>("POST", "/clusters", { name: `lb-alerts-${Date.now().toString(36)}` });
      expect(cluster.status, cluster.text).toBe(201);
      const lb = await api<{ id: string }>("POST", `/clusters/${cluster.json.id}/load-balancers`, {
        name: "elbtest",
        driver: "aws-elbv2",
        settings: { region: elb.region, loadBalancerArn: elb.albArn, vpcId: elb.vpcId, endpoint: elb.endpoint },
        credentials: { accessKeyId: elb.accessKeyId, secretAccessKey: elb.secretAccessKey, sessionToken: "" },
      });
      expect(lb.status, lb.text).toBe(201);
      // The new balancer's first sync (nothing to apply) runs in the worker; later ones must not replace what this test applies.
      await waitFor(
        "the balancer's first sync",
        async () => (await testDb().query(`select "lastSyncAt" from "LoadBalancer" where id = $1`, [lb.json.id])).rows[0]?.lastSyncAt,
        60_000,
        250,
      );
      const handle = elbHandle(elb, elb.albArn);
      const key = { port: 8080, protocol: "http" as const };
      await elbDriver().ensureListener(handle, key);
      const backend = elbBackend(1, "main", 100);
      await elbDriver().setBackends(handle, key, [backend]);
      elb.setTargetHealth(backend.address, backend.port, "unhealthy");
      const applied = {
        at: new Date().toISOString(),
        specs: [key],
        listeners: [
          {
            ...key,
            service: { applicationId: t.app.id, appServiceId: t.app.serviceId, swarmName: `${appName}_web`, containerPort: 80 },
            backends: [backend],
          },
        ],
      };
      await testDb().query(
        `update "LoadBalancer" set applied = $2, "lastSyncAt" = now() + interval '1 hour', "lastSyncOk" = true where id = $1`,
        [lb.json.id, JSON.stringify(applied)],
      );
      const r = await rule({
        name: "no backend",
        kind: "LB_NO_HEALTHY_BACKEND",
        loadBalancerId: lb.json.id,
        forSeconds: 0,
        severity: "CRITICAL",
      });
      await firesThenResolves(
        r,
        async () => elb.setTargetHealth(backend.address, backend.port, "healthy"),
        new RegExp(`^No healthy backend on elbtest http:8080 \\(${appName}/web\\)$`),
      );
    } finally {
      await elb.close();
    }
  }, 150_000);
});
