/**
 * The chart API against a real Prometheus holding two organisations' series: A's charts show only
 * A's series, also when B's series carry A's cluster, node, application, service and task labels
 * (only `org` tells them apart, and the API always matches it); A gets 404 for B's nodes,
 * applications, services, tasks and clusters; a Prometheus that is down is a 503 in the error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envValue } from "@/lib/env";
import { METRIC } from "@/lib/metrics/metric-names";
import type { ClusterUtilisation, MetricChart } from "@/lib/schemas/metrics";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { createTenant, tenantSecrets, type Tenant } from "../../support/integration/tenants";
import { waitFor } from "../../support/wait-for";
import { startExporter, startPrometheus, type Exporter, type TestPrometheus } from "../../support/metrics/test-prometheus";

const GiB = 1024 ** 3;
const taskId = (tag: string) => `${tag}${"0".repeat(25 - tag.length)}`;
const TASK = {
  a1: taskId("a1"),
  a2: taskId("a2"),
  b1: taskId("b1"),
  forged: taskId("c9"),
  aNew: taskId("a3"),
  aOther: taskId("a4"),
  bNew: taskId("b3"),
};

type Values = { cpu: number; used: number; total: number; rx: number; tx: number };
/** A's figures and B's never coincide, so any of B's values in A's charts is visible. */
const A: Values = { cpu: 11, used: 1 * GiB, total: 4 * GiB, rx: 1000, tx: 2000 };
const B: Values = { cpu: 77, used: 3 * GiB, total: 8 * GiB, rx: 7000, tx: 9000 };

type Labels = Record<string, string>;
const line = (metric: string, labels: Labels, value: number) =>
  `${metric}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",")}} ${value}`;

function nodeLines(labels: Labels, v: Values): string[] {
  return [
    line(METRIC.nodeCpuPercent, labels, v.cpu),
    line(METRIC.nodeMemoryUsedBytes, labels, v.used),
    line(METRIC.nodeMemoryTotalBytes, labels, v.total),
    line(METRIC.nodeNetworkRxBytesPerSecond, labels, v.rx),
    line(METRIC.nodeNetworkTxBytesPerSecond, labels, v.tx),
  ];
}

/** One task's container: CPU `cpu`, memory `pct` % of the limit. */
function containerLines(labels: Labels, task: string, cpu: number, pct: number, v: Values): string[] {
  const l = { ...labels, task, container: task.slice(0, 12), swarm_service: `${labels.application}_${labels.service}` };
  return [
    line(METRIC.containerCpuPercent, l, cpu),
    line(METRIC.containerMemoryPercent, l, pct),
    line(METRIC.containerMemoryUsedBytes, l, (v.total * pct) / 100),
    line(METRIC.containerMemoryLimitBytes, l, v.total),
    line(METRIC.containerNetworkRxBytesPerSecond, l, v.rx / 2),
    line(METRIC.containerNetworkTxBytesPerSecond, l, v.tx / 2),
  ];
}

const appName = (t: Tenant) => `app-${t.label}`;

function exposition(a: Tenant, b: Tenant): string {
  const own = (t: Tenant) => ({ org: t.orgId, cluster: t.cluster.id, node: t.node.id, hostname: `${t.label}-machine` });
  const app = (t: Tenant) => ({ ...own(t), application: appName(t), service: "web" });
  // B's series wearing every one of A's labels but `org`: what a mislabelled or hostile source could look like.
  const forged = { ...own(a), org: b.orgId };
  const forgedApp = { ...app(a), org: b.orgId };
  return [
    ...nodeLines(own(a), A),
    ...containerLines(app(a), TASK.a1, 11, 25, A),
    ...containerLines(app(a), TASK.a2, 13, 30, A),
    ...nodeLines(own(b), B),
    ...containerLines(app(b), TASK.b1, 77, 90, B),
    ...nodeLines(forged, B),
    ...containerLines(forgedApp, TASK.a1, 77, 90, B),
    ...containerLines(forgedApp, TASK.forged, 79, 91, B),
    "",
  ].join("\n");
}

let a: Tenant;
let b: Tenant;
let exporter: Exporter;
let prometheus: TestPrometheus;
const savedUrl = process.env.PROMETHEUS_URL;

beforeAll(async () => {
  exporter = await startExporter();
  prometheus = await startPrometheus(exporter.url);
  // The API reads PROMETHEUS_URL when it first needs it: this file's Prometheus, not the suite's.
  process.env.PROMETHEUS_URL = prometheus.url;
  expect(envValue("PROMETHEUS_URL")).toBe(prometheus.url);
  a = await createTenant("mc-a");
  b = await createTenant("mc-b");
  exporter.setBody(exposition(a, b));
  // Tasks the nodes report running (NodeTasks), without metrics yet: a new task of A's web, one of
  // another application's service on A's node, and a new task of B's.
  const report = (t: Tenant, tasks: Array<[string, string]>) =>
    testDb().query(
      `insert into "NodeTasks" ("nodeId", "orgId", "clusterId", tasks, hash, "reportedAt") values ($1, $2, $3, $4, 'test', now())`,
      [
        t.node.id,
        t.orgId,
        t.cluster.id,
        JSON.stringify(tasks.map(([id, service]) => ({ taskId: id, service, state: "running", health: "none", ports: [] }))),
      ],
    );
  await report(a, [
    [TASK.aNew, `${appName(a)}_web`],
    [TASK.aOther, "another-app_web"],
  ]);
  await report(b, [[TASK.bNew, `${appName(b)}_web`]]);
  await waitFor(
    "Prometheus to hold a few of A's samples",
    async () => {
      const res = await call<MetricChart>("GET", `/api/v1/metrics/nodes/${a.node.id}?range=15m`, { cookie: a.people.OWNER.cookie });
      return res.status === 200 && values(res.json, "cpu", "cpu").length >= 3;
    },
    60_000,
    500,
  );
});

afterAll(async () => {
  await prometheus?.stop();
  exporter?.server.close();
  if (savedUrl === undefined) delete process.env.PROMETHEUS_URL;
  else process.env.PROMETHEUS_URL = savedUrl;
});

/** The non-null values of one series of a chart. */
function values(chart: MetricChart, panel: string, series: string): number[] {
  const found = chart.panels.find((p) => p.id === panel)?.series.find((s) => s.id === series);
  if (!found)
    throw new Error(
      `no series ${panel}/${series} in ${chart.panels.map((p) => `${p.id}: ${p.series.map((s) => s.id).join(",")}`).join("; ")}`,
    );
  return found.points.flatMap(([, v]) => (v === null ? [] : [v]));
}

function expectOnly(chart: MetricChart, panel: string, series: string, expected: number) {
  const found = values(chart, panel, series);
  expect(found.length, `${panel}/${series} has data`).toBeGreaterThan(0);
  expect(new Set(found.map((v) => Math.round(v * 1000) / 1000)), `${panel}/${series}`).toEqual(new Set([expected]));
}

async function chart(t: Tenant, path: string, range = "15m") {
  const res = await call<MetricChart>("GET", `/api/v1/metrics/${path}?range=${range}`, { token: t.tokens.VIEWER.secret });
  expect(res.status, res.text).toBe(200);
  return res;
}

describe("chart API with two organisations in one Prometheus", () => {
  it("A's node chart shows A's node only, never B's series with A's labels", async () => {
    const res = await chart(a, `nodes/${a.node.id}`);
    expectOnly(res.json, "cpu", "cpu", A.cpu);
    expectOnly(res.json, "memory", "used", A.used);
    expectOnly(res.json, "memory", "total", A.total);
    expectOnly(res.json, "network", "rx", A.rx);
    expectOnly(res.json, "network", "tx", A.tx);
    for (const secret of tenantSecrets(b)) expect(res.text).not.toContain(secret);
    expect(res.json.stepSeconds).toBe(5);
    expect(res.json.panels.find((p) => p.id === "cpu")?.series[0]?.points.length).toBe(181);
  });

  it("A's service chart averages and splits A's tasks only", async () => {
    const res = await chart(a, `applications/${a.app.id}/services/${a.app.serviceId}`);
    expectOnly(res.json, "cpu", "avg", 12);
    expectOnly(res.json, "cpu", `task:${TASK.a1}`, 11);
    expectOnly(res.json, "cpu", `task:${TASK.a2}`, 13);
    expectOnly(res.json, "memory", "avg", 27.5);
    expectOnly(res.json, "network", "rx", A.rx / 2);
    const cpu = res.json.panels.find((p) => p.id === "cpu");
    expect(
      cpu?.series
        .filter((s) => s.kind === "task")
        .map((s) => s.taskId)
        .sort(),
    ).toEqual([TASK.a1, TASK.a2]);
    expect(cpu?.series.find((s) => s.taskId === TASK.a1)?.label).toBe(`${TASK.a1.slice(0, 10)} on mc-a-machine`);
    expect(res.text).not.toContain(TASK.forged);
    for (const secret of tenantSecrets(b)) expect(res.text).not.toContain(secret);
  });

  it("A's task chart is its own container, over every range", async () => {
    for (const [range, step] of [
      ["15m", 5],
      ["1h", 15],
      ["24h", 300],
      ["7d", 3600],
    ] as const) {
      const res = await chart(a, `applications/${a.app.id}/tasks/${TASK.a1}`, range);
      expect(res.json.stepSeconds).toBe(step);
      expectOnly(res.json, "cpu", "cpu", 11);
      expectOnly(res.json, "memory", "limit", A.total);
      for (const secret of tenantSecrets(b)) expect(res.text).not.toContain(secret);
    }
  });

  it("a task its node reports running is chartable before its first sample (an empty chart, not a 404)", async () => {
    const res = await chart(a, `applications/${a.app.id}/tasks/${TASK.aNew}`);
    expect(res.json.panels.flatMap((p) => p.series.flatMap((s) => s.points.filter(([, v]) => v !== null)))).toEqual([]);
  });

  it("A's cluster utilisation lists A's node with A's figures", async () => {
    const res = await call<ClusterUtilisation>("GET", `/api/v1/metrics/clusters/${a.cluster.id}/utilisation`, {
      cookie: a.people.OWNER.cookie,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.nodes.map((n) => n.nodeId)).toEqual([a.node.id]);
    const [node] = res.json.nodes;
    expect(node?.cpuPercent).toBe(A.cpu);
    expect(node?.memoryUsedBytes).toBe(A.used);
    expect(node?.memoryTotalBytes).toBe(A.total);
    expect(new Set(node?.memory.flatMap(([, v]) => (v === null ? [] : [v])))).toEqual(new Set([25]));
    expect(res.json.cpuPercent).toBe(A.cpu);
    expect(res.json.memoryPercent).toBe(25);
    for (const secret of tenantSecrets(b)) expect(res.text).not.toContain(secret);
  });

  it("B sees its own figures, not A's", async () => {
    const node = await chart(b, `nodes/${b.node.id}`);
    expectOnly(node.json, "cpu", "cpu", B.cpu);
    const service = await chart(b, `applications/${b.app.id}/services/${b.app.serviceId}`);
    expect(
      service.json.panels
        .find((p) => p.id === "cpu")
        ?.series.filter((s) => s.kind === "task")
        .map((s) => s.taskId),
    ).toEqual([TASK.b1]);
    for (const secret of tenantSecrets(a)) expect(service.text).not.toContain(secret);
  });

  it("A gets 404 for B's node, application, service, tasks and cluster, for a task only B's series name, and for another application's task", async () => {
    const paths = [
      `nodes/${b.node.id}?range=1h`,
      `applications/${b.app.id}/services/${b.app.serviceId}?range=1h`,
      `applications/${a.app.id}/services/${b.app.serviceId}?range=1h`,
      `applications/${b.app.id}/tasks/${TASK.b1}?range=1h`,
      `applications/${a.app.id}/tasks/${TASK.b1}?range=1h`,
      `applications/${a.app.id}/tasks/${TASK.forged}?range=1h`,
      `applications/${a.app.id}/tasks/${TASK.aOther}?range=1h`,
      `applications/${a.app.id}/tasks/${TASK.bNew}?range=1h`,
      `clusters/${b.cluster.id}/utilisation`,
    ];
    for (const path of paths) {
      for (const creds of [{ cookie: a.people.OWNER.cookie }, { token: a.tokens.OWNER.secret }]) {
        const res = await call<{ error: { code: string } }>("GET", `/api/v1/metrics/${path}`, creds);
        expect(res.status, `${path}: ${res.text}`).toBe(404);
        expect(res.json.error.code).toBe("NOT_FOUND");
        for (const secret of tenantSecrets(b)) expect(res.text).not.toContain(secret);
      }
    }
  });

  it("refuses a range it does not offer", async () => {
    const res = await call<{ error: { code: string } }>("GET", `/api/v1/metrics/nodes/${a.node.id}?range=30d`, {
      cookie: a.people.OWNER.cookie,
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("INVALID_INPUT");
  });

  it("answers 503 in the error shape while Prometheus is down", async () => {
    await prometheus.stop();
    for (const path of [
      `nodes/${a.node.id}?range=1h`,
      `applications/${a.app.id}/services/${a.app.serviceId}?range=24h`,
      `applications/${a.app.id}/tasks/${TASK.a1}?range=1h`,
      `clusters/${a.cluster.id}/utilisation`,
    ]) {
      const res = await call<{ error: { code: string; message: string; requestId: string } }>("GET", `/api/v1/metrics/${path}`, {
        cookie: a.people.OWNER.cookie,
      });
      expect(res.status, `${path}: ${res.text}`).toBe(503);
      expect(res.json.error.code).toBe("UNAVAILABLE");
      expect(res.json.error.message).toMatch(/Prometheus is not answering/);
      expect(res.json.error.message).not.toContain(prometheus.url);
    }
  });
});
