/**
 * The whole path with two organisations: agents (protocol-speaking test clients with real node
 * credentials) send metrics to the real gateway, the integration stage's Prometheus (PROMETHEUS_URL,
 * scripts/registry/integration-stack.sh) scrapes it, and the chart API reads it back. B's agent
 * names A's application, service and task in its samples; the gateway labels them with B's
 * organisation, and A's charts never show them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricsMessage } from "@/lib/protocol/metrics";
import type { MetricChart } from "@/lib/schemas/metrics";
import { connectTestAgent, type TestAgent } from "../gateway/support";
import { call } from "../../support/integration/client";
import { gatewayHealthy, startGateway, stopAll, waitFor } from "../../support/integration/processes";
import { createTenant, tenantSecrets, type Tenant } from "../../support/integration/tenants";
import { testInventory } from "../../support/test-inventory";

// The port the integration Prometheus scrapes (scripts/test.sh exports it).
const PORT = Number(process.env.GATEWAY_PORT ?? 3291);
const TASK = { a1: "ga1aaaaaaaaaaaaaaaaaaaaaa", a2: "ga2aaaaaaaaaaaaaaaaaaaaaa", b1: "gb1bbbbbbbbbbbbbbbbbbbbbb" };
const GiB = 1024 ** 3;

let a: Tenant;
let b: Tenant;
const agents: TestAgent[] = [];
let timer: NodeJS.Timeout | undefined;

type Container = { task: string; application: string; cpu: number; memoryPercent: number };

function message(nodeCpu: number, containers: Container[]): MetricsMessage {
  return {
    type: "metrics",
    at: Date.now(),
    intervalSeconds: 2,
    node: {
      cpuPercent: nodeCpu,
      memoryUsedBytes: GiB,
      memoryTotalBytes: 4 * GiB,
      load1: 0.1,
      networkRxBytesPerSecond: 100,
      networkTxBytesPerSecond: 200,
      containersRunning: containers.length,
    },
    containers: containers.map((c) => ({
      container: c.task.slice(0, 12),
      task: c.task,
      swarmService: `${c.application}_web`,
      application: c.application,
      service: "web",
      slot: 1,
      cpuPercent: c.cpu,
      memoryUsedBytes: (c.memoryPercent / 100) * 512 * 1024 ** 2,
      memoryLimitBytes: 512 * 1024 ** 2,
      networkRxBytesPerSecond: 10,
      networkTxBytesPerSecond: 20,
      blockReadBytesPerSecond: 0,
      blockWriteBytesPerSecond: 0,
      restarts: 0,
      health: "none",
    })),
  };
}

beforeAll(async () => {
  expect(process.env.PROMETHEUS_URL, "run through npm test: it starts the integration Prometheus").toBeTruthy();
  startGateway(PORT);
  await waitFor("the gateway", () => gatewayHealthy(PORT));
  a = await createTenant("mg-a");
  b = await createTenant("mg-b");
  const appA = `app-${a.label}`;
  const [agentA, agentB] = [
    await connectTestAgent({ port: PORT, credential: a.node.credential, inventory: testInventory("mg-a-machine") }),
    await connectTestAgent({ port: PORT, credential: b.node.credential, inventory: testInventory("mg-b-machine") }),
  ];
  agents.push(agentA, agentB);
  const send = () => {
    agentA.send(
      message(11, [
        { task: TASK.a1, application: appA, cpu: 11, memoryPercent: 25 },
        { task: TASK.a2, application: appA, cpu: 13, memoryPercent: 30 },
      ]),
    );
    // B's agent claims A's application and task: only the organisation label tells them apart.
    agentB.send(
      message(77, [
        { task: TASK.a1, application: appA, cpu: 77, memoryPercent: 90 },
        { task: TASK.b1, application: `app-${b.label}`, cpu: 79, memoryPercent: 91 },
      ]),
    );
  };
  send();
  timer = setInterval(send, 2_000);
}, 180_000);

afterAll(async () => {
  if (timer) clearInterval(timer);
  for (const agent of agents) agent.ws.close();
  await stopAll();
});

const cpuValues = (chart: MetricChart, series: string) =>
  chart.panels
    .find((p) => p.id === "cpu")
    ?.series.find((s) => s.id === series)
    ?.points.flatMap(([, v]) => (v === null ? [] : [v])) ?? [];

describe("metrics through the gateway and Prometheus, two organisations", () => {
  it("A's service chart shows A's tasks only, though B's agent named A's application and task", async () => {
    const res = await waitFor(
      "A's service chart to have samples",
      async () => {
        const r = await call<MetricChart>("GET", `/api/v1/metrics/applications/${a.app.id}/services/${a.app.serviceId}?range=15m`, {
          token: a.tokens.VIEWER.secret,
        });
        expect(r.status, r.text).toBe(200);
        return cpuValues(r.json, "avg").length >= 2 ? r : null;
      },
      90_000,
      1_000,
    );
    expect(new Set(cpuValues(res.json, "avg"))).toEqual(new Set([12]));
    expect(new Set(cpuValues(res.json, `task:${TASK.a1}`))).toEqual(new Set([11]));
    const tasks = res.json.panels
      .find((p) => p.id === "cpu")
      ?.series.filter((s) => s.kind === "task")
      .map((s) => s.taskId)
      .sort();
    expect(tasks).toEqual([TASK.a1, TASK.a2].sort());
    expect(res.text).not.toContain(TASK.b1);
    for (const secret of tenantSecrets(b)) expect(res.text).not.toContain(secret);
  });

  it("each node chart is its own organisation's node", async () => {
    const own = await call<MetricChart>("GET", `/api/v1/metrics/nodes/${a.node.id}?range=15m`, { cookie: a.people.OWNER.cookie });
    expect(own.status, own.text).toBe(200);
    expect(new Set(cpuValues(own.json, "cpu"))).toEqual(new Set([11]));
    const theirs = await call<MetricChart>("GET", `/api/v1/metrics/nodes/${b.node.id}?range=15m`, { cookie: b.people.OWNER.cookie });
    expect(new Set(cpuValues(theirs.json, "cpu"))).toEqual(new Set([77]));
    const across = await call("GET", `/api/v1/metrics/nodes/${b.node.id}?range=15m`, { cookie: a.people.OWNER.cookie });
    expect(across.status).toBe(404);
  });

  it("B's task under A's application name is not A's: 404 for A", async () => {
    const res = await call<{ error: { code: string } }>("GET", `/api/v1/metrics/applications/${a.app.id}/tasks/${TASK.b1}?range=1h`, {
      token: a.tokens.OWNER.secret,
    });
    expect(res.status, res.text).toBe(404);
    const own = await call<MetricChart>("GET", `/api/v1/metrics/applications/${a.app.id}/tasks/${TASK.a1}?range=1h`, {
      token: a.tokens.OWNER.secret,
    });
    expect(own.status, own.text).toBe(200);
    expect(new Set(cpuValues(own.json, "cpu"))).toEqual(new Set([11]));
  });
});
