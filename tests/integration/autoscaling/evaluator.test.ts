/**
 * The autoscaling evaluator against a real Prometheus (Debian's binary) that scrapes a small
 * exporter the test runs, labelled like the gateways' series, and the real database: rules from
 * labels, decisions and suppressions with their values, repeats, console edits taking effect at
 * the next evaluation, bounds, Prometheus going away, and labels re-synced at deploy. No swarm:
 * the SCALE deployments are checked as rows (autoscaling.test.ts runs the whole path on a real
 * cluster). Evaluations are called directly with a clock that moves 5 s per evaluation (or more
 * to pass a cooldown); Prometheus answers for real time, so the test waits until its averages show
 * what the exporter serves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { evaluateAutoscaling } from "@/lib/domain/autoscaling/evaluate-autoscaling";
import { serviceAveragesQuery, serviceKey } from "@/lib/domain/autoscaling/autoscaling-promql";
import { logger } from "@/lib/logger";
import { METRIC } from "@/lib/metrics/metric-names";
import { getQueue } from "@/lib/queue/enqueue";
import type { AutoscalingRuleView } from "@/lib/schemas/autoscaling";
import { autoscalingDecisions, autoscalingRules } from "../../support/autoscaling/autoscaling-api";
import { startExporter, startPrometheus, type Exporter, type TestPrometheus } from "../../support/metrics/test-prometheus";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { waitFor } from "../../support/wait-for";

const APP = "evalapp";
const compose = (labels: Record<string, string>) => `services:
  web:
    image: wharf-test/busybox:1
    deploy:
      replicas: 2
${Object.keys(labels).length ? "    labels:\n" : ""}${Object.entries(labels)
  .map(([k, v]) => `      ${k}: "${v}"\n`)
  .join("")}`;
const LABELS = {
  "aliyun.auto_scaling.max_cpu": "70",
  "aliyun.auto_scaling.min_cpu": "20",
  "aliyun.auto_scaling.step": "2",
  "aliyun.auto_scaling.max_instances": "6",
  "wharf.autoscaling.cooldown": "30s",
  "wharf.autoscaling.scale_in_cooldown": "60s",
  "wharf.autoscaling.breaches": "2",
};

let cookie: string;
let orgId: string;
let appId: string;
let exporter: Exporter;
let prom: TestPrometheus;
let clock = Date.now();

/** The exporter's series: this service's tasks at `cpu`, plus series that must never count (another organisation's same-named service, another service). */
function serve(cpu: number | null) {
  const line = (labels: Record<string, string>, value: number) =>
    `${METRIC.containerCpuPercent}{${Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(",")}} ${value}`;
  const ours =
    cpu === null
      ? []
      : ["t1", "t2"].map((task) => line({ org: orgId, cluster: "c1", node: "n1", application: APP, service: "web", task }, cpu));
  exporter.setBody(
    `# TYPE ${METRIC.containerCpuPercent} gauge\n${[
      ...ours,
      line({ org: "someoneelse0000000000000", cluster: "c9", node: "n9", application: APP, service: "web", task: "x1" }, 99),
      line({ org: orgId, cluster: "c1", node: "n1", application: APP, service: "worker", task: "w1" }, 99),
    ].join("\n")}\n`,
  );
}

/** Until Prometheus's average over the rule's window is what the exporter serves. */
async function averageIs(cpu: number | null) {
  const client = createPrometheusClient(prom.url);
  const query = serviceAveragesQuery({ series: METRIC.containerCpuPercent, windowSeconds: 10, orgIds: [orgId] });
  await waitFor(
    `Prometheus's 10 s average at ${cpu}`,
    async () => {
      const found = (await client.query(query)).find(
        (s) => serviceKey(s.labels.org ?? "", s.labels.application ?? "", s.labels.service ?? "") === serviceKey(orgId, APP, "web"),
      );
      return cpu === null ? !found : found !== undefined && Math.abs(found.value - cpu) < 0.01;
    },
    40_000,
    500,
  );
}

/** One evaluation, `seconds` after the previous one on the test's clock. */
async function evaluate(seconds = 5, url = prom.url) {
  clock = Math.max(clock + seconds * 1000, Date.now());
  return evaluateAutoscaling({ log: logger, prometheus: createPrometheusClient(url), now: new Date(clock) });
}

async function rule(): Promise<AutoscalingRuleView> {
  const rules = await autoscalingRules(cookie, appId);
  const found = rules.find((r) => r.service === "web");
  if (!found) throw new Error(`no rule for web: ${JSON.stringify(rules)}`);
  return found;
}

const decisions = () => autoscalingDecisions(cookie, appId);

/** The SCALE deployments the autoscaler queued (no worker runs here): finish them as the worker would. */
async function finishDeployments(): Promise<Array<{ kind: string; actorLabel: string; params: Record<string, unknown> }>> {
  const res = await testDb().query(
    `update "Deployment" set status = 'SUCCEEDED', "finishedAt" = now() where "applicationId" = $1 and status in ('QUEUED', 'RUNNING') returning kind, "actorLabel", params`,
    [appId],
  );
  return res.rows;
}

async function replicas(): Promise<number> {
  return (await testDb().query(`select replicas from "AppService" where "applicationId" = $1 and name = 'web'`, [appId])).rows[0]
    ?.replicas as number;
}

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("autoscaler"), { organizationName: "Autoscaling evaluator" });
  cookie = owner.cookie;
  orgId = owner.me.activeOrganizationId;
  const cluster = await call<{ id: string }>("POST", "/api/v1/clusters", { cookie, body: { name: "as-eval" } });
  expect(cluster.status, cluster.text).toBe(201);
  const created = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
    cookie,
    body: { name: APP, clusterId: cluster.json.id, compose: compose(LABELS) },
  });
  expect(created.status, created.text).toBe(201);
  appId = created.json.application.id;
  await finishDeployments();
  exporter = await startExporter();
  serve(83);
  prom = await startPrometheus(exporter.url);
});

afterAll(async () => {
  await prom?.stop();
  exporter?.server.close();
  // The SCALE deployments queued here must not run in a later file's worker.
  await getQueue("applications").drain(true);
});

describe("autoscaling evaluator (real Prometheus)", () => {
  it("takes the rule from the labels, with Wharf's window where the labels say nothing", async () => {
    expect(await rule()).toMatchObject({
      source: "labels",
      enabled: true,
      applicationName: APP,
      service: "web",
      replicas: 2,
      thresholds: {
        cpu: { max: 70, min: 20 },
        memory: { max: null, min: null },
        inRate: { max: null, min: null },
        outRate: { max: null, min: null },
      },
      step: 2,
      minInstances: 1,
      maxInstances: 6,
      windowSeconds: 10,
      cooldownSeconds: 30,
      scaleInCooldownSeconds: 60,
      breaches: 2,
      breachCount: 0,
      current: null,
    });
  });

  it("scales out after two checks above max_cpu, through a SCALE deployment, with the values in the API, the timeline and the audit log", async () => {
    await averageIs(83);
    await evaluate();
    expect(await rule()).toMatchObject({ breachDirection: "out", breachCount: 1, current: { cpu: 83, memory: null } });
    expect(await decisions()).toEqual([]);

    await evaluate();
    const [decision] = await decisions();
    expect(decision).toMatchObject({
      action: "scale-out",
      reason: "cpu-above",
      fromReplicas: 2,
      toReplicas: 4,
      repeats: 1,
      values: { cpu: 83, cpuMax: 70, cpuMin: 20, checks: 2 },
      explanation: "CPU 83 % > 70 % for 2 checks → +2, 2 → 4",
    });
    expect(decision?.deploymentId).toBeTruthy();
    expect(await replicas()).toBe(4);
    expect(await rule()).toMatchObject({ breachCount: 0, replicas: 4, lastScaledAt: expect.any(String) });

    const events = await call<{ items: Array<{ type: string; message: string; service: string; details: Record<string, unknown> }> }>(
      "GET",
      `/api/v1/applications/${appId}/events`,
      { cookie },
    );
    expect(events.json.items.find((e) => e.type === "autoscaling.scale-out")).toMatchObject({
      service: "web",
      message: "Autoscaling web: CPU 83 % > 70 % for 2 checks → +2, 2 → 4",
      details: {
        fromReplicas: 2,
        toReplicas: 4,
        reason: "cpu-above",
        values: { cpu: 83, cpuMax: 70 },
        decisionId: decision?.id,
        deploymentId: decision?.deploymentId,
      },
    });
    const audit = await testDb().query(
      `select "actorType", "actorLabel", details from "AuditLog" where "orgId" = $1 and action = 'application.scale'`,
      [orgId],
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({
        actorType: "SYSTEM",
        actorLabel: "autoscaler",
        details: expect.objectContaining({ service: "web", from: 2, replicas: 4 }),
      }),
    ]);
    const scaled = await finishDeployments();
    expect(scaled).toEqual([
      expect.objectContaining({ kind: "SCALE", actorLabel: "autoscaler", params: expect.objectContaining({ replicas: 4 }) }),
    ]);
  });

  it("holds back during the cooldown, counting the repeats on one row, then scales again and stops at max_instances", async () => {
    await evaluate(); // a scaling starts the count again: 1 check
    await evaluate();
    await evaluate();
    const [cooldown] = await decisions();
    expect(cooldown).toMatchObject({ action: "suppressed", reason: "cooldown", fromReplicas: 4, toReplicas: 4, repeats: 2 });
    expect(cooldown?.explanation).toMatch(
      /^CPU 83 % > 70 % for \d+ checks, but scale-out waits 30 s after the last scaling \(cooldown\): \d+ s left$/,
    );
    expect(cooldown?.lastAt).not.toBe(cooldown?.at);

    await evaluate(30);
    expect((await decisions())[0]).toMatchObject({ action: "scale-out", fromReplicas: 4, toReplicas: 6 });
    await finishDeployments();
    await evaluate(31);
    await evaluate(31);
    await evaluate(31);
    expect((await decisions())[0]).toMatchObject({
      action: "suppressed",
      reason: "at-max",
      repeats: 2,
      explanation: expect.stringMatching(/but the service is at its maximum of 6 instances$/),
    });
    expect(await replicas()).toBe(6);
  });

  it("applies a console edit at the next evaluation, without a redeploy; refuses edits the labels would refuse", async () => {
    const bad = await call<{ error: { code: string; message: string } }>("PATCH", `/api/v1/autoscaling/rules/${(await rule()).id}`, {
      cookie,
      body: { thresholds: { cpu: { min: 50 } }, minInstances: 7 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe(
      "thresholds.cpu.min (50) must be at least 30 points below thresholds.cpu.max (70) to avoid flapping; minInstances (7) is above maxInstances (6)",
    );

    const edited = await call<AutoscalingRuleView>("PATCH", `/api/v1/autoscaling/rules/${(await rule()).id}`, {
      cookie,
      body: { maxInstances: 4 },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json).toMatchObject({ source: "console", maxInstances: 4, cooldownSeconds: 30 });
    await evaluate();
    expect((await decisions())[0]).toMatchObject({
      action: "scale-in",
      reason: "above-max",
      fromReplicas: 6,
      toReplicas: 4,
      explanation: "6 instances is above the rule's maximum of 4 → 6 → 4",
    });
    expect(await replicas()).toBe(4);
    const audit = await testDb().query(`select details from "AuditLog" where "orgId" = $1 and action = 'autoscaling.update'`, [orgId]);
    expect(audit.rows).toEqual([{ details: expect.objectContaining({ service: "web", changes: ["maxInstances 6 → 4"] }) }]);
  });

  it("does not scale while a deployment of the application is in progress, and says so", async () => {
    // The above-max deployment is still queued; a breach that would scale in is held back by it.
    serve(5);
    await averageIs(5);
    await evaluate(61);
    await evaluate();
    expect((await decisions())[0]).toMatchObject({
      action: "suppressed",
      reason: "deployment-in-progress",
      explanation: expect.stringMatching(
        /^CPU 5 % < 20 % for 2 checks, but a scale deployment of the application is in progress; would have been −2, 4 → 2$/,
      ),
    });
    await finishDeployments();
    await evaluate();
    expect((await decisions())[0]).toMatchObject({
      action: "scale-in",
      reason: "cpu-below",
      fromReplicas: 4,
      toReplicas: 2,
      explanation: "CPU 5 % < 20 % for 3 checks → −2, 4 → 2",
    });
    await finishDeployments();
  });

  it("records a missing metric and Prometheus being away, without failing", async () => {
    serve(null);
    await averageIs(null);
    await evaluate();
    expect((await decisions())[0]).toMatchObject({ action: "suppressed", reason: "metric-missing", values: { cpu: null, cpuMax: 70 } });
    const result = await evaluate(5, "http://127.0.0.1:9");
    expect(result.evaluated).toBeGreaterThanOrEqual(1);
    await evaluate(5, "http://127.0.0.1:9");
    expect((await decisions())[0]).toMatchObject({
      action: "suppressed",
      reason: "prometheus-unreachable",
      repeats: 2,
      explanation: expect.stringMatching(/^Prometheus at http:\/\/127.0.0.1:9 did not answer: .*; nothing decided$/),
    });
  });

  it("leaves a disabled rule alone", async () => {
    const id = (await rule()).id;
    expect((await call("PATCH", `/api/v1/autoscaling/rules/${id}`, { cookie, body: { enabled: false } })).status).toBe(200);
    const before = (await rule()).lastEvaluatedAt;
    const count = (await decisions()).length;
    await evaluate();
    await evaluate();
    expect((await rule()).lastEvaluatedAt).toBe(before);
    expect((await decisions()).length).toBe(count);
    expect((await call("PATCH", `/api/v1/autoscaling/rules/${id}`, { cookie, body: { enabled: true } })).status).toBe(200);
  });

  it("keeps console edits over a deploy with the same labels; changed labels take over; no labels, no rule", async () => {
    const version = async (labels: Record<string, string>) => {
      const res = await call("POST", `/api/v1/applications/${appId}/versions`, {
        cookie,
        body: { compose: compose(labels), message: "labels" },
      });
      expect(res.status, res.text).toBe(201);
      await finishDeployments();
    };
    await version(LABELS);
    expect(await rule()).toMatchObject({ source: "console", maxInstances: 4, enabled: true });
    await version({ ...LABELS, "aliyun.auto_scaling.max_instances": "5" });
    expect(await rule()).toMatchObject({ source: "labels", maxInstances: 5 });
    await version({});
    const res = await call<{ items: AutoscalingRuleView[] }>("GET", `/api/v1/autoscaling/rules?applicationId=${appId}`, { cookie });
    expect(res.json.items).toEqual([]);
  });
});
