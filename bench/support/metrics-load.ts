/**
 * The metrics half of bench/agents.ts: what a simulated agent sends (a batch of N containers, as
 * lib/protocol/metrics.ts), and what is measured while 1,000 of them do: Prometheus' scrapes of the
 * gateway (duration, samples; its own CPU, memory and head series) and the latency of the chart
 * endpoints' domain functions (node chart, service chart, cluster utilisation) on that data.
 */
import { createPrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { getClusterUtilisation } from "@/lib/domain/metrics/chart-cluster-utilisation";
import { getNodeChart } from "@/lib/domain/metrics/chart-node";
import { serviceChartQueries } from "@/lib/domain/metrics/chart-promql";
import { runChart } from "@/lib/domain/metrics/chart-series";
import { chartWindow } from "@/lib/domain/metrics/chart-window";
import { envValue } from "@/lib/env";
import type { MetricsMessage } from "@/lib/protocol/metrics";

/** Applications the simulated containers belong to: agent i runs containers of app<i % APPS>, services svc0-2. */
const APPS = 100;
const SERVICES = 3;

export function metricsBatch(agent: number, containers: number, intervalSeconds: number): MetricsMessage {
  const application = `app${agent % APPS}`;
  return {
    type: "metrics",
    at: Date.now(),
    intervalSeconds,
    node: {
      cpuPercent: 20 + Math.random() * 30,
      memoryUsedBytes: 3 * 2 ** 30,
      memoryTotalBytes: 8 * 2 ** 30,
      load1: 0.8,
      networkRxBytesPerSecond: 2e5,
      networkTxBytesPerSecond: 1e5,
      containersRunning: containers,
    },
    containers: Array.from({ length: containers }, (_, j) => {
      const n = agent * containers + j;
      const service = `svc${j % SERVICES}`;
      return {
        container: n.toString(16).padStart(12, "0"),
        task: `bench${String(n).padStart(20, "0")}`,
        swarmService: `${application}_${service}`,
        application,
        service,
        slot: Math.floor(j / SERVICES) + 1,
        cpuPercent: Math.random() * 100,
        memoryUsedBytes: Math.round(2 ** 27 * (1 + Math.random())),
        memoryLimitBytes: 2 ** 29,
        networkRxBytesPerSecond: Math.round(Math.random() * 1e5),
        networkTxBytesPerSecond: Math.round(Math.random() * 1e5),
        blockReadBytesPerSecond: 0,
        blockWriteBytesPerSecond: 4096,
        restarts: 0,
        health: "healthy" as const,
      };
    }),
  };
}

const prometheusUrl = () => envValue("PROMETHEUS_URL").replace(/\/$/, "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const JOB = 'job="wharf-gateway"';

/** Prometheus' own figures from its /metrics (it does not scrape itself in Wharf's configuration). */
async function prometheusSelf(): Promise<{ cpu: number; rss: number; head: number }> {
  const text = await (await fetch(`${prometheusUrl()}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
  return {
    cpu: value("process_cpu_seconds_total"),
    rss: value("process_resident_memory_bytes"),
    head: value("prometheus_tsdb_head_series"),
  };
}

/** Waits until Prometheus' latest scrape of the gateway carries `samples` (the simulated nodes' series); returns the seconds waited. */
export async function waitForScrapedSamples(samples: number, timeoutSeconds = 120): Promise<number> {
  const prometheus = createPrometheusClient();
  const started = Date.now();
  while (Date.now() - started < timeoutSeconds * 1000) {
    const [scraped] = await prometheus.query(`sum(scrape_samples_scraped{${JOB}})`);
    if ((scraped?.value ?? 0) >= samples) return (Date.now() - started) / 1000;
    await sleep(1000);
  }
  throw new Error(`Prometheus did not scrape ${samples} samples from the gateway within ${timeoutSeconds} s`);
}

type LoadOptions = { orgId: string; clusterId: string; nodeIds: string[]; seconds: number };

/** Calls the chart functions one after another (a few a second, as people would) for `seconds`, then reports. */
export async function measureMetricsLoad({ orgId, clusterId, nodeIds, seconds }: LoadOptions): Promise<string[]> {
  const prometheus = createPrometheusClient();
  const self0 = await prometheusSelf();
  const t0 = Date.now();
  const timings: Record<"node" | "service" | "cluster", number[]> = { node: [], service: [], cluster: [] };
  const time = async (kind: keyof typeof timings, run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    timings[kind].push(performance.now() - start);
  };
  for (let i = 0; Date.now() - t0 < seconds * 1000; i++) {
    const nodeId = nodeIds[Math.floor(Math.random() * nodeIds.length)] ?? "";
    await time("node", () => getNodeChart({ orgId, nodeId, range: "1h" }));
    const window = chartWindow("1h");
    const scope = { orgId, clusterId, application: `app${i % APPS}`, service: `svc${i % SERVICES}` };
    await time("service", () => runChart(prometheus, serviceChartQueries(scope, window.smoothingSeconds), window));
    if (i % 10 === 0) await time("cluster", () => getClusterUtilisation({ orgId, clusterId }));
    await sleep(250);
  }
  const wall = (Date.now() - t0) / 1000;
  const self1 = await prometheusSelf();
  const over = `[${Math.max(1, Math.round(wall))}s]`;
  const one = async (promql: string) => (await prometheus.query(promql))[0]?.value ?? NaN;
  const [durAvg, durMax, durLast, samples, writeAvg, writeMax, rss] = await Promise.all([
    one(`avg(avg_over_time(scrape_duration_seconds{${JOB}}${over}))`),
    one(`max(max_over_time(scrape_duration_seconds{${JOB}}${over}))`),
    one(`max(scrape_duration_seconds{${JOB}})`),
    one(`sum(scrape_samples_scraped{${JOB}})`),
    // The gateway's part of a scrape: rendering and handing the bytes to the socket.
    one(`avg(avg_over_time(wharf_gateway_scrape_write_seconds{${JOB}}${over}))`),
    one(`max(max_over_time(wharf_gateway_scrape_write_seconds{${JOB}}${over}))`),
    one(`max(process_resident_memory_bytes{${JOB}})`),
  ]);
  const ms = (v: number) => `${(v * 1000).toFixed(0)} ms`;
  const latency = (kind: keyof typeof timings) => {
    const sorted = [...timings[kind]].sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms (${sorted.length} calls)`;
  };
  return [
    `prometheus scrape of gateway  avg ${ms(durAvg)}, max ${ms(durMax)}, last ${ms(durLast)}; ${samples} samples a scrape`,
    `gateway's part of a scrape    avg ${ms(writeAvg)}, max ${ms(writeMax)} (render + write); gateway RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
    `prometheus itself             ${(((self1.cpu - self0.cpu) / wall) * 100).toFixed(1)}% of one core, RSS ${(self1.rss / 2 ** 20).toFixed(0)} MiB, ${self1.head} head series`,
    `chart: node, 1h               ${latency("node")}`,
    `chart: service, 1h            ${latency("service")}`,
    `chart: cluster utilisation    ${latency("cluster")} (${nodeIds.length} nodes)`,
  ];
}
