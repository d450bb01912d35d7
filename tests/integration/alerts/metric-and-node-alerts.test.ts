/**
 * Alerts end to end (issue 13 acceptance), nothing simulated: a real swarm on a netns "machine"
 * with its real agent, the real gateway and worker, the integration Prometheus (scraping the
 * gateway, evaluating the rule file the worker writes) and Alertmanager (routing to the console's
 * receiver), a real SMTP server and a webhook receiver started here.
 *  - A CPU rule on a service fires while the test image burns CPU (GET /burn) and resolves after:
 *    an e-mail and a signed webhook for each, and the history shows both.
 *  - Stopping the node's agent raises "node unreachable" (an event rule Wharf raises through
 *    Alertmanager); a silence on the rule holds the notifications back (the alert is still
 *    recorded), expiring it lets them through, and the agent coming back resolves it.
 *  - Organisation B's catch-all rules (any service's CPU above 1 %, any node unreachable) never fire
 *    on A's series or nodes, and B's channel hears nothing.
 * Timings are printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertRuleView, AlertSilenceView, AlertView } from "@/lib/schemas/alerts";
import type { CreatedNotificationChannel } from "@/lib/schemas/notification-channels";
import { burn, runningContainers, stopBurning } from "../../support/autoscaling/burn";
import { deleteAlertRulesOf, mailText, startHttpReceiver, startSmtp, verifiedPerson, type Hit } from "./support/receivers";

type Client = typeof import("../../support/integration/client");
type Cluster = import("../../support/integration/swarm-cluster").SwarmCluster;
let client: Client;
let cluster: Cluster;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
let bHook: Awaited<ReturnType<typeof startHttpReceiver>>;
let waitFor: typeof import("../../support/wait-for").waitFor;
let verify: typeof import("@/lib/domain/registry/webhooks/sign-webhook").verifyWebhookSignature;
let a: { cookie: string; orgId: string };
let b: { cookie: string; orgId: string };
let appId: string;
let channels: { mail: CreatedNotificationChannel; hook: CreatedNotificationChannel };
const measured: string[] = [];

const COMPOSE = (image: string) => `services:
  web:
    image: ${image}
    environment:
      PORT: "3000"
    deploy:
      replicas: 1
      resources:
        limits:
          cpus: "0.5"
`;

const api = <T>(method: string, path: string, who: { cookie: string }, body?: unknown) =>
  client.call<T>(method, `/api/v1${path}`, { cookie: who.cookie, body });

async function create<T>(path: string, who: { cookie: string }, body: unknown): Promise<T> {
  const res = await api<T>("POST", path, who, body);
  expect(res.status, res.text).toBe(201);
  return res.json;
}

const history = async (who: { cookie: string }, ruleId?: string) =>
  (await api<{ items: AlertView[] }>("GET", `/alerts?limit=200${ruleId ? `&ruleId=${ruleId}` : ""}`, who)).json.items;

/** Signed webhook notifications of one rule and event, their signature checked. */
function notices(
  ruleId: string,
  event: "firing" | "resolved",
): Array<{ hit: Hit; body: { alert: { id: string; summary: string; labels: Record<string, string> } } }> {
  return hook.hits.flatMap((hit) => {
    const body = JSON.parse(hit.body) as {
      event: string;
      alert: { id: string; summary: string; labels: Record<string, string>; rule: { id: string } } | null;
    };
    if (body.event !== event || body.alert?.rule.id !== ruleId) return [];
    const ok = verify({
      secret: channels.hook.secret ?? "",
      timestamp: String(hit.headers["x-wharf-timestamp"]),
      body: hit.body,
      signature: String(hit.headers["x-wharf-signature"]),
    });
    if (!ok) throw new Error(`bad signature on ${hit.body.slice(0, 200)}`);
    return [{ hit, body: { alert: body.alert } }];
  });
}

/** waitFor stops at a truthy value, and an empty list is one. */
const nonEmpty = <T>(list: T[]) => (list.length ? list : null);
const mailsAbout = (text: string) => smtp.mails.filter((m) => m.to.includes("oncall@example.test") && mailText(m).includes(text));
const web = () => runningContainers(cluster.machines, "alerted_web");

beforeAll(async () => {
  smtp = await startSmtp();
  hook = await startHttpReceiver();
  bHook = await startHttpReceiver();
  process.env.SMTP_URL = smtp.url; // before the configuration is read; the worker inherits it
  client = await import("../../support/integration/client");
  waitFor = (await import("../../support/wait-for")).waitFor;
  verify = (await import("@/lib/domain/registry/webhooks/sign-webhook")).verifyWebhookSignature;
  const { startSwarmCluster } = await import("../../support/integration/swarm-cluster");
  const { orgTestImages } = await import("../../support/integration/test-registry-images");
  const { ensureDockerEngine, ensureTestImages } = await import("../../support/runtime/docker-env");
  const owner = await verifiedPerson("alerts-it");
  a = { cookie: owner.cookie, orgId: owner.orgId };
  b = await verifiedPerson("alerts-it-b");
  await ensureDockerEngine();
  await ensureTestImages();
  const images = await orgTestImages(a.cookie, owner.slug);
  cluster = await startSwarmCluster({ cookie: a.cookie, name: "alerts-it", machines: [{ name: "wal1", index: 161 }] });
  const app = await create<{ application: { id: string } }>("/applications", a, {
    name: "alerted",
    clusterId: cluster.clusterId,
    compose: COMPOSE(images.nodeAppV1),
  });
  appId = app.application.id;
  await waitFor(
    "the deployment",
    async () => {
      const d = (
        await api<{ items: Array<{ status: string; error: string | null }> }>("GET", `/applications/${appId}/deployments?limit=1`, a)
      ).json.items[0];
      if (d?.status === "FAILED") throw new Error(`deployment failed: ${d.error}`);
      return d?.status === "SUCCEEDED";
    },
    240_000,
    500,
  );
  await waitFor("the web task", async () => (await web()).length === 1, 120_000, 500);
  channels = {
    mail: await create<CreatedNotificationChannel>("/notification-channels", a, {
      kind: "EMAIL",
      name: "on call",
      to: ["oncall@example.test"],
    }),
    hook: await create<CreatedNotificationChannel>("/notification-channels", a, {
      kind: "WEBHOOK",
      name: "ops hook",
      url: `${hook.url}/alerts`,
    }),
  };
  // B watches everything it has, with thresholds A's service would cross at once.
  const bChannel = await create<CreatedNotificationChannel>("/notification-channels", b, {
    kind: "WEBHOOK",
    name: "b hook",
    url: `${bHook.url}/b`,
  });
  await create("/alerts/rules", b, { name: "any cpu", kind: "SERVICE_CPU", threshold: 1, forSeconds: 0, channelIds: [bChannel.id] });
  await create("/alerts/rules", b, { name: "any node", kind: "NODE_UNREACHABLE", channelIds: [bChannel.id] });
}, 600_000);

afterAll(async () => {
  console.info(`[alerts] ${measured.join("\n[alerts] ")}`);
  if (cluster) await stopBurning(await web().catch(() => [])).catch(() => undefined);
  if (appId) await api("DELETE", `/applications/${appId}`, a).catch(() => undefined);
  await cluster?.stop();
  await deleteAlertRulesOf([a?.orgId, b?.orgId]);
  await Promise.all([smtp, hook, bHook].map((r) => r?.close()));
}, 180_000);

describe("alerts on a real swarm", () => {
  it("a CPU rule fires while the service burns CPU and resolves after, by e-mail and signed webhook", async () => {
    const rule = await create<AlertRuleView>("/alerts/rules", a, {
      name: "web cpu",
      kind: "SERVICE_CPU",
      threshold: 30,
      forSeconds: 5,
      severity: "CRITICAL",
      applicationId: appId,
      service: "web",
      channelIds: [channels.mail.id, channels.hook.id],
    });
    const started = Date.now();
    expect((await burn(await web(), { seconds: 600 })).join("")).toMatch(/burning 100 % of a core/);
    const [fired] = await waitFor("the firing notification", async () => nonEmpty(notices(rule.id, "firing")), 180_000, 500);
    measured.push(`CPU rule: burn → firing webhook ${Date.now() - started} ms (for: 5 s)`);
    expect(fired?.body.alert).toMatchObject({
      labels: { org: a.orgId, rule: rule.id, application: "alerted", service: "web", severity: "critical", cluster: cluster.clusterId },
    });
    expect(fired?.body.alert.summary).toMatch(/^CPU of alerted\/web at [\d.]+ % \(above 30 %/);
    await waitFor("the firing e-mail", async () => mailsAbout("[FIRING] CPU of alerted/web").length === 1, 30_000);
    expect((await history(a, rule.id))[0]).toMatchObject({ state: "FIRING", kind: "SERVICE_CPU", labels: { service: "web" } });

    const stopped = Date.now();
    await stopBurning(await web());
    const [resolved] = await waitFor("the resolved notification", async () => nonEmpty(notices(rule.id, "resolved")), 180_000, 500);
    measured.push(`CPU rule: burn stopped → resolved webhook ${Date.now() - stopped} ms`);
    expect(resolved?.body.alert.id).toBe(fired?.body.alert.id);
    await waitFor("the resolved e-mail", async () => mailsAbout("[RESOLVED] CPU of alerted/web").length === 1, 30_000);
    expect(await history(a, rule.id)).toEqual([
      expect.objectContaining({ id: fired?.body.alert.id, state: "RESOLVED", endsAt: expect.any(String) }),
    ]);
    expect(notices(rule.id, "firing")).toHaveLength(1); // one firing, however often Alertmanager repeated it
  }, 420_000);

  it("a stopped agent raises node unreachable; a silence holds it back until expired; the agent's return resolves it", async () => {
    const { startAgent, stopProcess } = await import("../../support/integration/processes");
    const rule = await create<AlertRuleView>("/alerts/rules", a, {
      name: "nodes",
      kind: "NODE_UNREACHABLE",
      clusterId: cluster.clusterId,
      severity: "CRITICAL",
      channelIds: [channels.mail.id, channels.hook.id],
    });
    const silence = await create<AlertSilenceView>("/alerts/silences", a, {
      ruleId: rule.id,
      comment: "planned maintenance",
      durationSeconds: 1800,
    });
    const stopped = Date.now();
    await stopProcess(cluster.agents[0]!);
    // Recorded while silenced (read back from Alertmanager), never notified.
    const held = await waitFor(
      "the silenced alert in the history",
      async () => (await history(a, rule.id)).find((x) => x.silencedById === silence.id) ?? null,
      120_000,
      500,
    );
    measured.push(`node unreachable: agent stopped → silenced alert recorded ${Date.now() - stopped} ms`);
    expect(held).toMatchObject({ state: "FIRING", lastNotifiedAt: null, labels: { node: expect.any(String), hostname: "wal1" } });
    expect(held.summary).toMatch(/^Node wal1 of cluster alerts-it is (unreachable|down)/);
    await new Promise((r) => setTimeout(r, 8_000)); // Alertmanager would have posted by now (group_wait 1 s)
    expect(notices(rule.id, "firing")).toHaveLength(0);
    expect(mailsAbout("[FIRING] Node wal1")).toHaveLength(0);

    const expired = Date.now();
    expect((await api("DELETE", `/alerts/silences/${silence.id}`, a)).status).toBe(200);
    const [fired] = await waitFor(
      "the notification once the silence is expired",
      async () => nonEmpty(notices(rule.id, "firing")),
      90_000,
      500,
    );
    measured.push(`node unreachable: silence expired → firing webhook ${Date.now() - expired} ms`);
    expect(fired?.body.alert.id).toBe(held.id);
    await waitFor("the firing e-mail", async () => mailsAbout("[FIRING] Node wal1").length === 1, 30_000);

    const m = cluster.machines[0]!;
    const back = Date.now();
    cluster.agents[0] = startAgent({
      name: "wal1-again",
      url: `http://127.0.0.1:${cluster.gatewayPort}`,
      stateDir: cluster.stateDirs[0]!,
      dockerSocket: m.socketPath,
      advertiseAddr: m.address,
    });
    await waitFor("the resolved notification", async () => nonEmpty(notices(rule.id, "resolved")), 120_000, 500);
    measured.push(`node unreachable: agent back → resolved webhook ${Date.now() - back} ms`);
    expect((await history(a, rule.id)).find((x) => x.id === held.id)).toMatchObject({ state: "RESOLVED" });
  }, 420_000);

  it("organisation B's catch-all rules never fired on A's service or node, and B's channel heard nothing", async () => {
    expect(await history(b)).toEqual([]);
    expect(bHook.hits).toEqual([]);
    const rules = (await api<{ items: AlertRuleView[] }>("GET", "/alerts/rules", b)).json.items;
    expect(rules.map((r) => [r.name, r.firing])).toEqual([
      ["any cpu", 0],
      ["any node", 0],
    ]);
  });
});
