/**
 * Metrics tests' shared pieces: the tests' gateway on GATEWAY_PORT (the port the integration
 * Prometheus scrapes, scripts/registry/integration-stack.sh), protocol-speaking agents that send
 * metrics batches like the real agent, and readers for the gateway's /metrics and Prometheus.
 */
import { createPrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { envValue } from "@/lib/env";
import { METRIC } from "@/lib/metrics/metric-names";
import type { ContainerSample, MetricsMessage } from "@/lib/protocol/metrics";
import { connectTestAgent, type TestAgent } from "../gateway/support";
import type { Tenant } from "../../support/integration/tenants";
import { testInventory } from "../../support/test-inventory";

export const GATEWAY_PORT = envValue("GATEWAY_PORT");
export const SCRAPE_TOKEN = envValue("METRICS_SCRAPE_TOKEN");
export const prometheus = createPrometheusClient();

export function containerSample(task: string, extra: Partial<ContainerSample> = {}): ContainerSample {
  return {
    container: task.slice(-12),
    task,
    swarmService: "shop_web",
    application: "shop",
    service: "web",
    slot: 1,
    cpuPercent: 42.5,
    memoryUsedBytes: 64 * 2 ** 20,
    memoryLimitBytes: 256 * 2 ** 20,
    networkRxBytesPerSecond: 1500,
    networkTxBytesPerSecond: 700,
    blockReadBytesPerSecond: 0,
    blockWriteBytesPerSecond: 0,
    restarts: 0,
    health: "healthy",
    ...extra,
  };
}

export function metricsBatch(containers: ContainerSample[], intervalSeconds = 10): MetricsMessage {
  return {
    type: "metrics",
    at: Date.now(),
    intervalSeconds,
    containers,
    node: {
      cpuPercent: 20,
      memoryUsedBytes: 2 ** 30,
      memoryTotalBytes: 2 ** 32,
      load1: 0.25,
      networkRxBytesPerSecond: 100,
      networkTxBytesPerSecond: 50,
      containersRunning: containers.length,
    },
  };
}

/** A tenant's node connected to the tests' gateway, sending `containers` every second until closed. */
export async function metricsAgent(tenant: Tenant, containers: ContainerSample[]): Promise<TestAgent & { stop: () => void }> {
  const agent = await connectTestAgent({
    port: GATEWAY_PORT,
    credential: tenant.node.credential,
    inventory: testInventory(`${tenant.label}-machine`),
  });
  const send = () => agent.ws.readyState === agent.ws.OPEN && agent.send(metricsBatch(containers));
  send();
  const timer = setInterval(send, 1_000);
  return Object.assign(agent, { stop: () => (clearInterval(timer), agent.ws.close(1000)) });
}

export async function scrapeGateway(headers: Record<string, string> = SCRAPE_TOKEN ? { authorization: `Bearer ${SCRAPE_TOKEN}` } : {}) {
  const res = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/metrics`, { headers });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

/** Sample lines of `name` whose labels contain every one of `labels`. */
export function linesOf(text: string, name: string, labels: Record<string, string> = {}): string[] {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return text.split("\n").filter((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
}

/** The organisation's container CPU series in the integration Prometheus. */
export const cpuSeriesInPrometheus = (orgId: string) => prometheus.query(`${METRIC.containerCpuPercent}{org="${orgId}"}`);
