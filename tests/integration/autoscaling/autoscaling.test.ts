/**
 * Autoscaling end to end (issue 12), nothing simulated: a real swarm on a netns "machine" with its
 * real agent sampling the containers, the real gateway exposing the samples, the integration
 * Prometheus scraping it (PROMETHEUS_URL), the real worker evaluating the rule every
 * AUTOSCALING_EVALUATE_SECONDS and scaling through SCALE deployments. The service is the
 * acceptance's: aliyun.auto_scaling.max_cpu 70, min_cpu 20, step 2, max_instances 6, a 0.5 CPU
 * limit, 2 replicas, plus min_instances 2 (with the default of 1 the idle service would scale in
 * before the load starts) and shorter cooldowns (wharf.autoscaling.*) to keep the test short. The
 * test image burns CPU on request (GET /burn):
 *  - both tasks burn → the rule scales out by 2 (2 → 4), the decision with its values in the API
 *    and in the application's timeline; with the new tasks idle the average falls to ~50 %;
 *  - max_instances lowered to 3 through the API (PATCH) → the next evaluation brings it to 3, with
 *    no new template version and no redeploy;
 *  - the load stops → it scales back in within its bounds (3 → 2), then holds at its minimum.
 * Timings are printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AutoscalingDecisionView, AutoscalingRuleView } from "@/lib/schemas/autoscaling";
import { call } from "../../support/integration/client";
import { deployApplication } from "../../support/integration/deployments";
import { waitFor } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";
import { ensureDockerEngine, ensureTestImages } from "../../support/runtime/docker-env";
import { autoscalingDecisions, autoscalingRules } from "../../support/autoscaling/autoscaling-api";
import { burn, runningContainers, stopBurning } from "../../support/autoscaling/burn";
import { scaledServiceCompose } from "../../support/autoscaling/scaled-service";

const compose = (image: string) =>
  scaledServiceCompose({ image, labels: { "wharf.autoscaling.cooldown": "30s", "wharf.autoscaling.scale_in_cooldown": "20s" } });

let cookie: string;
let cluster: SwarmCluster;
let appId: string;
const measured: string[] = [];

type EventView = {
  type: string;
  message: string;
  service: string | null;
  details: { values?: Record<string, number | null>; fromReplicas?: number; toReplicas?: number } | null;
};

async function rule(): Promise<AutoscalingRuleView> {
  const rules = await autoscalingRules(cookie, appId);
  const found = rules[0];
  if (!found) throw new Error(`no autoscaling rule: ${JSON.stringify(rules)}`);
  return found;
}

const decisions = () => autoscalingDecisions(cookie, appId);

/** The first decision (newest first in the API) matching `match`, once there is one. */
async function decisionWhere(
  what: string,
  match: (d: AutoscalingDecisionView) => boolean,
  timeoutMs = 120_000,
): Promise<AutoscalingDecisionView> {
  return waitFor(what, async () => (await decisions()).find(match) ?? null, timeoutMs, 500);
}

async function running(): Promise<number> {
  const status = await call<{ services: Array<{ name: string; running: number }> }>("GET", `/api/v1/applications/${appId}/status`, {
    cookie,
  });
  return status.json.services?.find((s) => s.name === "web")?.running ?? -1;
}

async function events(): Promise<EventView[]> {
  const res = await call<{ items: EventView[] }>("GET", `/api/v1/applications/${appId}/events?limit=200`, { cookie });
  return res.json.items;
}

const webContainers = () => runningContainers(cluster.machines, "scaled_web");

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("autoscaling"));
  cookie = owner.cookie;
  // Built before they are pushed: a changed test image (app.js) must reach the registry.
  await ensureDockerEngine();
  await ensureTestImages();
  const images = await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "");
  cluster = await startSwarmCluster({ cookie, name: "autoscaling-it", machines: [{ name: "was1", index: 141 }] });
  const created = await deployApplication({ cookie, clusterId: cluster.clusterId, name: "scaled", compose: compose(images.nodeAppV1) });
  expect(created.deployment, JSON.stringify(created.deployment)).toMatchObject({ status: "SUCCEEDED" });
  appId = created.id;
  await waitFor("both replicas running", async () => (await running()) === 2, 120_000, 500);
}, 600_000);

afterAll(async () => {
  console.info(`[autoscaling] ${measured.join("\n[autoscaling] ")}`);
  if (cluster) await stopBurning(await webContainers().catch(() => [])).catch(() => undefined);
  if (appId) await call("DELETE", `/api/v1/applications/${appId}`, { cookie }).catch(() => undefined);
  await cluster?.stop();
}, 180_000);

describe("autoscaling on a real swarm", () => {
  it("reads the rule from the labels, and sees the idle service's CPU", async () => {
    expect(await rule()).toMatchObject({
      source: "labels",
      enabled: true,
      service: "web",
      step: 2,
      minInstances: 2,
      maxInstances: 6,
      cooldownSeconds: 30,
      scaleInCooldownSeconds: 20,
      thresholds: { cpu: { max: 70, min: 20 } },
    });
    // The evaluator reads the agent's samples through Prometheus: an idle service is below min_cpu.
    const current = await waitFor(
      "the evaluator to see the service's CPU",
      async () => {
        const cpu = (await rule()).current?.cpu;
        return typeof cpu === "number" ? { cpu } : null;
      },
      90_000,
      1_000,
    );
    expect(current.cpu).toBeLessThan(20);
  });

  it("scales out under load within its bounds; the decision and its values are in the API and the timeline", async () => {
    const loaded = await webContainers();
    expect(loaded).toHaveLength(2);
    const started = Date.now();
    expect((await burn(loaded, { seconds: 600 })).join("")).toMatch(/burning 100 % of a core for 600 s/);
    const decision = await decisionWhere("a scale-out decision", (d) => d.action === "scale-out");
    const decidedAt = Date.now();
    expect(decision).toMatchObject({ reason: "cpu-above", fromReplicas: 2, toReplicas: 4, values: { cpuMax: 70, cpuMin: 20 } });
    expect(decision.values.cpu).toBeGreaterThan(70);
    expect(decision.explanation).toMatch(/^CPU \d+ % > 70 % for \d+ checks? → \+2, 2 → 4$/);
    expect(decision.deploymentId).toBeTruthy();
    await waitFor("4 tasks running", async () => (await running()) === 4, 120_000, 250);
    measured.push(`scale-out: load → decision ${decidedAt - started} ms, decision → 4 tasks running ${Date.now() - decidedAt} ms`);

    const event = (await events()).find((e) => e.type === "autoscaling.scale-out");
    expect(event).toMatchObject({
      service: "web",
      message: `Autoscaling web: ${decision.explanation}`,
      details: { fromReplicas: 2, toReplicas: 4 },
    });
    expect(event?.details?.values?.cpu).toBe(decision.values.cpu);
  }, 300_000);

  it("takes a rule edited through the API at the next evaluation, without a redeploy", async () => {
    const versions = (await call<{ items: unknown[] }>("GET", `/api/v1/applications/${appId}/versions`, { cookie })).json.items.length;
    const edited = await call<AutoscalingRuleView>("PATCH", `/api/v1/autoscaling/rules/${(await rule()).id}`, {
      cookie,
      body: { maxInstances: 3 },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json).toMatchObject({ source: "console", maxInstances: 3 });
    const edit = Date.now();
    const decision = await decisionWhere("the correction to the new maximum", (d) => d.reason === "above-max");
    expect(decision).toMatchObject({
      action: "scale-in",
      fromReplicas: 4,
      toReplicas: 3,
      explanation: "4 instances is above the rule's maximum of 3 → 4 → 3",
    });
    await waitFor("3 tasks running", async () => (await running()) === 3, 120_000, 250);
    measured.push(`edit (max_instances 6 → 3) → 3 tasks running ${Date.now() - edit} ms`);
    expect((await call<{ items: unknown[] }>("GET", `/api/v1/applications/${appId}/versions`, { cookie })).json.items).toHaveLength(
      versions,
    );
  }, 300_000);

  it("scales back in after the load, within its bounds, and then holds at its minimum", async () => {
    const stopped = Date.now();
    await stopBurning(await webContainers());
    const decision = await decisionWhere("a scale-in decision", (d) => d.reason === "cpu-below", 180_000);
    expect(decision).toMatchObject({ action: "scale-in", fromReplicas: 3, toReplicas: 2, values: { cpuMin: 20 } });
    expect(decision.values.cpu).toBeLessThan(20);
    expect(decision.explanation).toMatch(/^CPU [\d.]+ % < 20 % for \d+ checks? → −1, 3 → 2 \(step 2, at least 2\)$/);
    await waitFor("2 tasks running", async () => (await running()) === 2, 120_000, 250);
    measured.push(
      `scale-in: load stopped → 2 tasks running ${Date.now() - stopped} ms (scale-in waits ${(await rule()).scaleInCooldownSeconds} s after a scaling)`,
    );

    await decisionWhere(
      "the rule holding at its minimum",
      (d) => d.reason === "at-min" && Date.parse(d.at) > Date.parse(decision.at),
      60_000,
    );
    const all = await decisions();
    for (const d of all) {
      expect(d.toReplicas, d.explanation).toBeGreaterThanOrEqual(2);
      expect(d.toReplicas, d.explanation).toBeLessThanOrEqual(6);
    }
    const scaled = all.filter((d) => d.action !== "suppressed");
    expect(scaled.map((d) => `${d.fromReplicas}→${d.toReplicas}`).reverse()).toEqual(["2→4", "4→3", "3→2"]);
    const timeline = (await events()).filter((e) => e.type.startsWith("autoscaling.scale-"));
    expect(timeline).toHaveLength(3);
    for (const e of timeline) expect(e.details?.values).toBeTruthy();
  }, 400_000);
});
