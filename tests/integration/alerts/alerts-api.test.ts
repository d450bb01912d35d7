/**
 * Alerts without a cluster (issue 13): notification channels of every kind with "send test
 * notification" to real local receivers (an SMTP server, a webhook receiver checking the HMAC
 * signature, Slack and DingTalk stand-ins checking what those services document); Alertmanager's
 * receiver (bearer token, body validated, firing → resolved history, each transition notified
 * once, retried with backoff by the real worker); silences held back in Wharf and created and
 * expired in the integration Alertmanager; the rule file Prometheus loads; and tenant isolation
 * (B never sees or uses A's rules, channels or alerts, and an alert cannot cross organisations).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertRuleView, AlertSilenceView, AlertView } from "@/lib/schemas/alerts";
import type { CreatedNotificationChannel, NotificationDeliveryView, TestNotificationResult } from "@/lib/schemas/notification-channels";
import { deleteAlertRulesOf, dingtalkStandIn, mailText, startHttpReceiver, startSmtp, verifiedPerson, type Hit } from "./support/receivers";

type Client = typeof import("../../support/integration/client");
let client: Client;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
let flaky: Awaited<ReturnType<typeof startHttpReceiver>>;
let slack: Awaited<ReturnType<typeof startHttpReceiver>>;
let ding: Awaited<ReturnType<typeof startHttpReceiver>>;
let waitFor: typeof import("../../support/wait-for").waitFor;
let verify: typeof import("@/lib/domain/registry/webhooks/sign-webhook").verifyWebhookSignature;
let stopAll: typeof import("../../support/integration/processes").stopAll;
let a: { cookie: string; orgId: string };
let b: { cookie: string; orgId: string };
const DING_SECRET = "SECdingtalk-stand-in-secret-0001";
const TOKEN = process.env.ALERTMANAGER_WEBHOOK_TOKEN ?? "";
const AM = process.env.ALERTMANAGER_URL ?? "http://127.0.0.1:9395";

beforeAll(async () => {
  smtp = await startSmtp();
  hook = await startHttpReceiver();
  flaky = await startHttpReceiver((_hit, i) => (i < 2 ? { status: 500, body: "not yet" } : { status: 200, body: "ok" }));
  slack = await startHttpReceiver();
  ding = await startHttpReceiver(dingtalkStandIn(DING_SECRET));
  // Before anything reads the configuration (env is parsed on first use); the worker inherits it.
  process.env.SMTP_URL = smtp.url;
  process.env.SMTP_FROM = "Wharf alerts <alerts@example.test>";
  client = await import("../../support/integration/client");
  waitFor = (await import("../../support/wait-for")).waitFor;
  verify = (await import("@/lib/domain/registry/webhooks/sign-webhook")).verifyWebhookSignature;
  const processes = await import("../../support/integration/processes");
  stopAll = processes.stopAll;
  processes.startWorker();
  a = await verifiedPerson("alerts-a");
  b = await verifiedPerson("alerts-b");
}, 120_000);

afterAll(async () => {
  await stopAll?.();
  await deleteAlertRulesOf([a?.orgId, b?.orgId]);
  await Promise.all([smtp, hook, flaky, slack, ding].map((r) => r?.close()));
});

const api = <T>(method: string, path: string, who: { cookie: string }, body?: unknown) =>
  client.call<T>(method, `/api/v1${path}`, { cookie: who.cookie, body });

async function channel(who: { cookie: string }, body: Record<string, unknown>): Promise<CreatedNotificationChannel> {
  const res = await api<CreatedNotificationChannel>("POST", "/notification-channels", who, body);
  expect(res.status, res.text).toBe(201);
  return res.json;
}

async function rule(who: { cookie: string }, body: Record<string, unknown>): Promise<AlertRuleView> {
  const res = await api<AlertRuleView>("POST", "/alerts/rules", who, body);
  expect(res.status, res.text).toBe(201);
  return res.json;
}

/** An alert as Alertmanager posts it to the receiver. */
function notification(
  status: "firing" | "resolved",
  labels: Record<string, string>,
  o: { startsAt: string; fingerprint: string; summary?: string },
) {
  return {
    version: "4",
    status,
    receiver: "wharf",
    groupKey: "{}:{}",
    truncatedAlerts: 0,
    groupLabels: {},
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: AM,
    alerts: [
      {
        status,
        labels,
        annotations: { summary: o.summary ?? "CPU of shop/web at 93.0 %", value: "93.04" },
        startsAt: o.startsAt,
        endsAt: status === "resolved" ? new Date().toISOString() : "0001-01-01T00:00:00Z",
        generatorURL: "",
        fingerprint: o.fingerprint,
      },
    ],
  };
}

/** Posts to the receiver as Alertmanager does; `token: null` sends no Authorization header. */
const post = (body: unknown, token: string | null = TOKEN) =>
  client.call<{ ok: boolean; ignored: number; recorded: number; silenced: number; notified: number }>("POST", "/api/alertmanager/webhook", {
    token: token ?? undefined,
    body,
  });
const fingerprint = () => randomBytes(8).toString("hex");
const hitsFor = (r: { hits: Hit[] }, alertId: string, event: string) =>
  r.hits.filter((h) => h.body.includes(alertId) && h.body.includes(`"event":"${event}"`));

async function deliveries(who: { cookie: string }, channelId: string): Promise<NotificationDeliveryView[]> {
  const res = await api<{ items: NotificationDeliveryView[] }>("GET", `/notification-channels/${channelId}/deliveries?limit=100`, who);
  expect(res.status, res.text).toBe(200);
  return res.json.items;
}

async function alerts(who: { cookie: string }, query = ""): Promise<AlertView[]> {
  const res = await api<{ items: AlertView[] }>("GET", `/alerts?limit=200${query}`, who);
  expect(res.status, res.text).toBe(200);
  return res.json.items;
}

describe("notification channels", () => {
  it("send a test notification to each kind, signed where the receiver expects it, and log it", async () => {
    const email = await channel(a, { kind: "EMAIL", name: "ops mail", to: ["ops@example.test", "oncall@example.test"] });
    const webhook = await channel(a, { kind: "WEBHOOK", name: "hook", url: `${hook.url}/wharf?token=t0ps3cret` });
    const slackChannel = await channel(a, { kind: "SLACK", name: "slack", url: `${slack.url}/services/T000/B000/XXXX` });
    const dingChannel = await channel(a, {
      kind: "DINGTALK",
      name: "dingtalk",
      url: `${ding.url}/robot/send?access_token=abc123`,
      secret: DING_SECRET,
    });
    expect(webhook.secret).toMatch(/^wharf_whsec_/);
    expect([email.secret, slackChannel.secret, dingChannel.secret]).toEqual([null, null, null]);
    // URLs hold tokens: the API shows their origin only.
    const listed = await api<{ items: Array<{ id: string; target: string }> }>("GET", "/notification-channels", a);
    expect(listed.text).not.toContain("t0ps3cret");
    expect(listed.text).not.toContain("abc123");
    expect(listed.text).not.toContain(DING_SECRET);
    expect(listed.json.items.find((c) => c.id === slackChannel.id)?.target).toBe(slack.url);

    for (const c of [email, webhook, slackChannel, dingChannel]) {
      const res = await api<TestNotificationResult>("POST", `/notification-channels/${c.id}/test`, a);
      expect(res.status, res.text).toBe(200);
      expect(res.json, c.kind).toMatchObject({ ok: true, delivery: { event: "test", status: "SUCCEEDED", attempts: 1 } });
    }
    const mail = smtp.mails.at(-1);
    expect(mail?.to.sort()).toEqual(["oncall@example.test", "ops@example.test"]);
    const text = mailText(mail ?? { raw: "", from: "", to: [], at: 0 });
    expect(text).toMatch(/^Subject: .*TEST.*$/m); // possibly RFC 2047-encoded: the organisation's name is the user's
    expect(text).toContain("[TEST] Test notification from Wharf");
    expect(text).toContain("This channel works");
    const hit = hook.hits.at(-1);
    expect(hit?.query.get("token")).toBe("t0ps3cret");
    expect(
      verify({
        secret: webhook.secret ?? "",
        timestamp: String(hit?.headers["x-wharf-timestamp"]),
        body: hit?.body ?? "",
        signature: String(hit?.headers["x-wharf-signature"]),
      }),
    ).toBe(true);
    expect(hit?.headers["x-wharf-event"]).toBe("alert.test");
    expect(JSON.parse(slack.hits.at(-1)?.body ?? "{}")).toMatchObject({ text: expect.stringContaining("[TEST]") });
    expect(ding.hits.at(-1)?.query.get("access_token")).toBe("abc123");
    expect(JSON.parse(ding.hits.at(-1)?.body ?? "{}")).toMatchObject({ msgtype: "markdown" });

    // A robot secret that does not match: DingTalk answers 200 with an errcode, which is a failure.
    const wrong = await api<CreatedNotificationChannel>("PATCH", `/notification-channels/${dingChannel.id}`, a, {
      secret: "SECnot-the-robot-secret",
    });
    expect(wrong.status, wrong.text).toBe(200);
    const refused = await api<TestNotificationResult>("POST", `/notification-channels/${dingChannel.id}/test`, a);
    expect(refused.json).toMatchObject({
      ok: false,
      delivery: { status: "FAILED", responseStatus: 200, error: expect.stringContaining("sign not match") },
    });
    expect((await deliveries(a, dingChannel.id)).map((d) => d.status)).toEqual(["FAILED", "SUCCEEDED"]);
  });

  it("refuse bad input with a clear 4xx and change nothing", async () => {
    const before = (await api<{ items: unknown[] }>("GET", "/notification-channels", a)).json.items.length;
    for (const body of [
      { kind: "EMAIL", name: "x", to: ["not-an-address"] },
      { kind: "WEBHOOK", name: "x", url: "file:///etc/passwd" },
      { kind: "PAGER", name: "x", url: "https://x.test" },
      { kind: "SLACK", name: "x", url: "https://x.test", to: ["a@b.test"] },
    ]) {
      const res = await api<{ error: { code: string } }>("POST", "/notification-channels", a, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const email = (await api<{ items: Array<{ id: string; kind: string }> }>("GET", "/notification-channels", a)).json.items.find(
      (c) => c.kind === "EMAIL",
    );
    const misfit = await api<{ error: { message: string } }>("PATCH", `/notification-channels/${email?.id}`, a, {
      url: "https://x.test/hook",
    });
    expect(misfit.status).toBe(422);
    expect(misfit.json.error.message).toMatch(/does not apply to EMAIL/);
    expect((await api<{ items: unknown[] }>("GET", "/notification-channels", a)).json.items).toHaveLength(before);
  });
});

describe("Alertmanager's receiver", () => {
  it("refuses requests without the bearer token or with a body that is not Alertmanager's", async () => {
    const body = notification("firing", { org: a.orgId, rule: "nope" }, { startsAt: new Date().toISOString(), fingerprint: fingerprint() });
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, `${TOKEN}x`)).status).toBe(401);
    expect((await post({ version: "4", alerts: "many" })).status).toBe(422);
    expect((await client.call("POST", "/api/alertmanager/webhook", { token: TOKEN, rawBody: "{nope" })).status).toBe(400);
    const unknown = await post(body);
    expect(unknown.status, unknown.text).toBe(200);
    expect(unknown.json).toMatchObject({ ignored: 1, notified: 0 });
  });

  it("records firing then resolved, notifies each once, and retries a failing receiver with backoff", async () => {
    const mail = await channel(a, { kind: "EMAIL", name: "cpu mail", to: ["cpu@example.test"] });
    const hooked = await channel(a, { kind: "WEBHOOK", name: "flaky hook", url: `${flaky.url}/alerts` });
    const r = await rule(a, {
      name: "hot web",
      kind: "SERVICE_CPU",
      threshold: 80,
      forSeconds: 10,
      severity: "CRITICAL",
      channelIds: [mail.id, hooked.id],
    });
    expect(r).toMatchObject({
      evaluatedBy: "prometheus",
      firing: 0,
      channels: expect.arrayContaining([expect.objectContaining({ id: mail.id })]),
    });
    const labels = { alertname: "wharf_service_cpu", org: a.orgId, rule: r.id, severity: "critical", application: "shop", service: "web" };
    const alert = { startsAt: new Date(Date.now() - 10_000).toISOString(), fingerprint: fingerprint() };

    expect((await post(notification("firing", labels, alert))).json).toMatchObject({ notified: 1 });
    // Alertmanager repeats firing alerts and may deliver twice: nothing is notified again.
    expect((await post(notification("firing", labels, alert))).json).toMatchObject({ recorded: 1, notified: 0 });
    const [fired] = await alerts(a, `&ruleId=${r.id}`);
    expect(fired).toMatchObject({
      state: "FIRING",
      ruleName: "hot web",
      kind: "SERVICE_CPU",
      severity: "CRITICAL",
      value: 93.04,
      labels: { service: "web" },
      endsAt: null,
    });
    expect((await api<AlertRuleView>("GET", `/alerts/rules/${r.id}`, a)).json.firing).toBe(1);

    const id = fired?.id ?? "";
    const firingMail = await waitFor(
      "the firing e-mail",
      async () => smtp.mails.find((m) => m.to.includes("cpu@example.test") && mailText(m).includes("[FIRING]")),
      30_000,
    );
    expect(mailText(firingMail)).toContain("CPU of shop/web at 93.0 %");
    // The flaky receiver answers 500 twice: the worker retries after 2 s and 4 s.
    const delivered = await waitFor(
      "the webhook delivered on the third attempt",
      async () => (await deliveries(a, hooked.id)).find((d) => d.status === "SUCCEEDED"),
      45_000,
      500,
    );
    expect(delivered).toMatchObject({ event: "firing", alertId: id, attempts: 3, responseStatus: 200 });
    const tries = hitsFor(flaky, id, "firing");
    expect(tries).toHaveLength(3);
    expect((tries[2]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(5_000);
    expect(JSON.parse(tries[2]?.body ?? "{}")).toMatchObject({
      event: "firing",
      alert: { id, state: "FIRING", rule: { id: r.id, name: "hot web" } },
      organization: { id: a.orgId },
    });

    expect((await post(notification("resolved", labels, alert))).json).toMatchObject({ notified: 1 });
    expect((await post(notification("resolved", labels, alert))).json).toMatchObject({ notified: 0 });
    expect((await alerts(a, "&state=RESOLVED")).find((x) => x.id === id)).toMatchObject({ state: "RESOLVED", endsAt: expect.any(String) });
    await waitFor(
      "the resolved e-mail",
      async () => smtp.mails.find((m) => m.to.includes("cpu@example.test") && mailText(m).includes("[RESOLVED]")),
      30_000,
    );
    await waitFor("the resolved webhook", async () => hitsFor(flaky, id, "resolved").length === 1, 30_000);
  }, 120_000);

  it("holds notifications back while a silence matches, in Wharf and in Alertmanager, until it is expired", async () => {
    const hooked = await channel(a, { kind: "WEBHOOK", name: "quiet hook", url: `${hook.url}/quiet` });
    const r = await rule(a, { name: "web memory", kind: "SERVICE_MEMORY", threshold: 90, channelIds: [hooked.id] });
    const created = await api<AlertSilenceView>("POST", "/alerts/silences", a, {
      ruleId: r.id,
      matchers: { service: "web" },
      comment: "load test",
      durationSeconds: 900,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ state: "active", ruleId: r.id, ruleName: "web memory", matchers: { service: "web" } });
    // Its twin in Alertmanager matches the organisation, the rule and the extra label.
    const mirrored = await waitFor(
      "the silence in Alertmanager",
      async () => {
        const list = (await (await fetch(`${AM}/api/v2/silences`)).json()) as Array<{
          id: string;
          createdBy: string;
          status: { state: string };
          matchers: Array<{ name: string; value: string }>;
        }>;
        return list.find((s) => s.createdBy === `wharf/${created.json.id}`) ?? null;
      },
      20_000,
    );
    expect(mirrored.status.state).toBe("active");
    expect(mirrored.matchers.map((m) => `${m.name}=${m.value}`).sort()).toEqual([`org=${a.orgId}`, `rule=${r.id}`, "service=web"]);

    const labels = {
      alertname: "wharf_service_memory",
      org: a.orgId,
      rule: r.id,
      severity: "warning",
      application: "shop",
      service: "web",
    };
    const other = { ...labels, service: "db" };
    const held = { startsAt: new Date().toISOString(), fingerprint: fingerprint() };
    expect((await post(notification("firing", labels, held))).json).toMatchObject({ silenced: 1, notified: 0 });
    expect((await post(notification("firing", other, { startsAt: held.startsAt, fingerprint: fingerprint() }))).json).toMatchObject({
      notified: 1,
    });
    const recorded = (await alerts(a, `&ruleId=${r.id}`)).find((x) => x.labels.service === "web");
    expect(recorded).toMatchObject({ state: "FIRING", silencedById: created.json.id, lastNotifiedAt: null });

    const expired = await api<AlertSilenceView>("DELETE", `/alerts/silences/${created.json.id}`, a);
    expect(expired.json).toMatchObject({ state: "expired", expiredAt: expect.any(String) });
    await waitFor(
      "the silence expired in Alertmanager",
      async () => {
        const list = (await (await fetch(`${AM}/api/v2/silences`)).json()) as Array<{ id: string; status: { state: string } }>;
        return list.find((s) => s.id === mirrored.id)?.status.state === "expired";
      },
      20_000,
    );
    // Alertmanager sends a firing alert again once nothing silences it: now the channel hears of it.
    expect((await post(notification("firing", labels, held))).json).toMatchObject({ notified: 1 });
    await waitFor("the notification after the silence", async () => hitsFor(hook, recorded?.id ?? "?", "firing").length === 1, 30_000);
    expect(hitsFor(hook, recorded?.id ?? "?", "firing")).toHaveLength(1);
  }, 90_000);
});

describe("the rule file", () => {
  it("gives Prometheus each metric rule, with the organisation in its query; unchanged rules do not reload it", async () => {
    const { syncPrometheusRules } = await import("@/lib/domain/alerts/sync-prometheus-rules");
    type Rules = {
      data: {
        groups: Array<{ name: string; rules: Array<{ name: string; query: string; duration: number; labels: Record<string, string> }> }>;
      };
    };
    const inPrometheus = async (ruleId: string) => {
      const res = (await (await fetch(`${process.env.PROMETHEUS_URL}/api/v1/rules?type=alert`)).json()) as Rules;
      return res.data.groups.find((g) => g.name === `wharf-org-${a.orgId}`)?.rules.find((x) => x.labels.rule === ruleId) ?? null;
    };
    const r = await rule(a, { name: "node cpu", kind: "NODE_CPU", threshold: 95, forSeconds: 120 });
    // The worker's sync (enqueued by the POST) and this one write the same file: once either has, nothing more happens.
    await waitFor(
      "a sync with nothing left to do",
      async () => {
        const result = await syncPrometheusRules();
        return !result.written && !result.reloaded;
      },
      30_000,
      500,
    );
    const loaded = await waitFor("the rule in Prometheus", () => inPrometheus(r.id), 20_000);
    expect(loaded).toMatchObject({ name: "wharf_node_cpu", duration: 120, labels: { org: a.orgId, severity: "warning" } });
    expect(loaded.query).toContain(`org="${a.orgId}"`);
    expect(await syncPrometheusRules()).toEqual({ rules: expect.any(Number), written: false, reloaded: false });
    expect((await api("DELETE", `/alerts/rules/${r.id}`, a)).status).toBe(200);
    await waitFor("the rule gone from Prometheus", async () => (await inPrometheus(r.id)) === null, 30_000, 500);
  });
});

describe("tenant isolation", () => {
  it("B never sees A's rules, channels or alerts, cannot use them, and no label routes an alert across organisations", async () => {
    const aChannel = await channel(a, { kind: "WEBHOOK", name: "a only", url: `${hook.url}/a-only` });
    const aRule = await rule(a, { name: "a rule", kind: "NODE_UNREACHABLE", channelIds: [aChannel.id] });
    for (const [method, path, body] of [
      ["GET", `/alerts/rules/${aRule.id}`, undefined],
      ["PATCH", `/alerts/rules/${aRule.id}`, { enabled: false }],
      ["GET", `/notification-channels/${aChannel.id}`, undefined],
      ["POST", `/notification-channels/${aChannel.id}/test`, undefined],
      ["GET", `/notification-channels/${aChannel.id}/deliveries`, undefined],
    ] as const)
      expect((await api(method, path, b, body)).status, `${method} ${path}`).toBe(404);
    const borrow = await api<{ error: { details: Array<{ path: string }> } }>("POST", "/alerts/rules", b, {
      name: "borrow",
      kind: "NODE_UNREACHABLE",
      channelIds: [aChannel.id],
    });
    expect(borrow.status).toBe(422);
    expect(borrow.json.error.details[0]?.path).toBe("body.channelIds");
    expect((await api("POST", "/alerts/silences", b, { ruleId: aRule.id, comment: "no", durationSeconds: 600 })).status).toBe(422);

    // An alert claiming B's organisation with A's rule is ignored; one of A's is A's alone.
    const bNotice = await post(
      notification(
        "firing",
        { org: b.orgId, rule: aRule.id, node: "n1" },
        { startsAt: new Date().toISOString(), fingerprint: fingerprint() },
      ),
    );
    expect(bNotice.json).toMatchObject({ ignored: 1 });
    expect(
      (
        await post(
          notification(
            "firing",
            { org: a.orgId, rule: aRule.id, node: "n1" },
            { startsAt: new Date().toISOString(), fingerprint: fingerprint(), summary: "Node n1 is unreachable" },
          ),
        )
      ).json,
    ).toMatchObject({ notified: 1 });
    expect(await alerts(b)).toEqual([]);
    expect((await api<{ items: unknown[] }>("GET", "/alerts/rules", b)).json.items).toEqual([]);
    expect((await api<{ items: unknown[] }>("GET", "/notification-channels", b)).json.items).toEqual([]);
    expect((await alerts(a, `&ruleId=${aRule.id}`)).map((x) => x.summary)).toEqual(["Node n1 is unreachable"]);
  });
});
