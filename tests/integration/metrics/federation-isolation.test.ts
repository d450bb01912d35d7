/**
 * Tenant isolation of the federation endpoint (GET /api/v1/metrics/federate) over real series: two
 * organisations, each with a node sending metrics through the real gateway into the integration
 * Prometheus. Each sees its own series and never the other's, whatever filters it crafts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRIC } from "@/lib/metrics/metric-names";
import { call } from "../../support/integration/client";
import { gatewayHealthy, startGateway, stopAll, waitFor } from "../../support/integration/processes";
import { createTenant, tenantSecrets, type Tenant } from "../../support/integration/tenants";
import { containerSample, cpuSeriesInPrometheus, GATEWAY_PORT, metricsAgent } from "./support";

let a: Tenant;
let b: Tenant;
const agents: Array<{ stop: () => void }> = [];
const TASK = { a: "t0federationtenanta000001", b: "t0federationtenantb000001" };

const federate = (t: Tenant, query = "") => call("GET", `/api/v1/metrics/federate${query}`, { token: t.tokens.VIEWER.secret });

beforeAll(async () => {
  startGateway(GATEWAY_PORT);
  await waitFor("the gateway", () => gatewayHealthy(GATEWAY_PORT));
  [a, b] = [await createTenant("fed-a"), await createTenant("fed-b")];
  agents.push(
    await metricsAgent(a, [containerSample(TASK.a), containerSample("t0federationtenanta000002", { application: "blog", service: "db" })]),
  );
  agents.push(await metricsAgent(b, [containerSample(TASK.b)]));
  for (const [t, containers] of [
    [a, 2],
    [b, 1],
  ] as const) {
    await waitFor(
      `${t.label}'s series in Prometheus`,
      async () => (await cpuSeriesInPrometheus(t.orgId)).length === containers,
      30_000,
      500,
    );
  }
}, 180_000);

afterAll(async () => {
  for (const agent of agents) agent.stop();
  await stopAll();
}, 60_000);

describe("the federation endpoint", () => {
  it("returns each organisation's own series, and none of the other's", async () => {
    for (const [own, other, task] of [
      [a, b, TASK.a],
      [b, a, TASK.b],
    ] as const) {
      const res = await federate(own);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(res.text).toContain(`# TYPE ${METRIC.containerCpuPercent}`);
      expect(res.text).toMatch(new RegExp(`${METRIC.containerCpuPercent}\\{[^}]*task="${task}"[^}]*\\} 42\\.5 \\d+`));
      expect(res.text).toContain(`node="${own.node.id}"`);
      for (const secret of tenantSecrets(other)) expect(res.text, `${own.label} sees ${secret}`).not.toContain(secret);
      const orgs = new Set([...res.text.matchAll(/[{,]org="([^"]+)"/g)].map((m) => m[1]));
      expect([...orgs]).toEqual([own.orgId]);
    }
  });

  it("narrows by series name, application and service", async () => {
    const res = await federate(a, `?metric=${METRIC.containerMemoryPercent},${METRIC.nodeLoad1}&application=blog`);
    expect(res.status, res.text).toBe(200);
    const names = new Set(
      res.text
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => l.slice(0, l.indexOf("{"))),
    );
    expect([...names]).toEqual([METRIC.containerMemoryPercent]);
    expect(res.text).toContain('service="db"');
    expect(res.text).not.toContain(TASK.a);
    const web = await federate(a, "?service=web");
    expect(web.text).toContain(TASK.a);
    expect(web.text).not.toContain("t0federationtenanta000002");
  });

  it("filters naming the other organisation's cluster or node find nothing", async () => {
    for (const query of [`?cluster=${b.cluster.id}`, `?node=${b.node.id}`]) {
      const res = await federate(a, query);
      expect(res.status, res.text).toBe(200);
      expect(res.text).toBe("");
    }
  });

  it("refuses raw selectors and crafted values (422), so nothing can widen the organisation matcher", async () => {
    const crafted = [
      `?match[]=${encodeURIComponent('{__name__=~".+"}')}`,
      `?match%5B%5D=${encodeURIComponent('{org="' + b.orgId + '"}')}`,
      `?org=${b.orgId}`,
      `?metric=${encodeURIComponent(`${METRIC.nodeLoad1}{org="${b.orgId}"}`)}`,
      `?metric=${encodeURIComponent('up or {__name__=~".+"}')}`,
      `?application=${encodeURIComponent('x",org=~".+')}`,
      `?service=${encodeURIComponent('web"} or {org=~".*')}`,
      `?cluster=${encodeURIComponent(".*")}`,
    ];
    for (const query of crafted) {
      const res = await federate(a, query);
      expect(res.status, `${query}: ${res.text}`).toBe(422);
      for (const secret of tenantSecrets(b)) expect(res.text).not.toContain(secret);
    }
  });

  it("needs a member or token of the organisation", async () => {
    expect((await call("GET", "/api/v1/metrics/federate")).status).toBe(401);
    expect((await call("GET", "/api/v1/metrics/federate", { token: "wharf_pat_not-a-real-token" })).status).toBe(401);
  });
});
