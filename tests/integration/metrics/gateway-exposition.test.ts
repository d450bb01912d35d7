/**
 * Agents' metrics through the real gateway into the real Prometheus: a node's batch shows on the
 * gateway's /metrics labelled from its credential (never from what it says), only to a scraper
 * with the token, goes when the node disconnects, is budgeted, and lands in the integration
 * Prometheus (scripts/registry/integration-stack.sh scrapes this gateway every second).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRIC } from "@/lib/metrics/metric-names";
import { CLOSE_CODES } from "@/lib/protocol/version";
import { connectTestAgent } from "../gateway/support";
import { gatewayHealthy, startGateway, stopAll, waitFor } from "../../support/integration/processes";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { testInventory } from "../../support/test-inventory";
import {
  containerSample,
  cpuSeriesInPrometheus,
  GATEWAY_PORT,
  linesOf,
  metricsAgent,
  metricsBatch,
  scrapeGateway,
  SCRAPE_TOKEN,
} from "./support";

let tenant: Tenant;

beforeAll(async () => {
  expect(SCRAPE_TOKEN, "scripts/test.sh exports METRICS_SCRAPE_TOKEN").toBeTruthy();
  startGateway(GATEWAY_PORT);
  await waitFor("the gateway", () => gatewayHealthy(GATEWAY_PORT));
  tenant = await createTenant("metrics-gw");
}, 120_000);

afterAll(() => stopAll(), 60_000);

describe("the gateway's /metrics", () => {
  it("answers Prometheus' bearer token only", async () => {
    expect((await scrapeGateway({})).status).toBe(401);
    expect((await scrapeGateway({ authorization: `Bearer ${SCRAPE_TOKEN}x` })).status).toBe(401);
    expect((await scrapeGateway({ authorization: `Basic ${SCRAPE_TOKEN}` })).status).toBe(401);
    const ok = await scrapeGateway();
    expect(ok.status).toBe(200);
    expect(ok.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(ok.text).toMatch(/^wharf_gateway_connections \d+$/m);
    expect(ok.text).toMatch(/^process_resident_memory_bytes \d+$/m);
  });

  it("labels a node's series from its credential, keeps them while it sends, and drops them when it disconnects", async () => {
    const task = "t0metricsgateway000000001";
    // The agent claims another organisation, cluster and node: none of it is read.
    const agent = await connectTestAgent({
      port: GATEWAY_PORT,
      credential: tenant.node.credential,
      inventory: testInventory(`${tenant.label}-machine`),
    });
    agent.send({
      ...metricsBatch([containerSample(task, { application: 'shop"} evil', health: "unhealthy" })]),
      org: "someone-else",
      cluster: "x",
      nodeId: "y",
    });
    const expected = { org: tenant.orgId, cluster: tenant.cluster.id, node: tenant.node.id, hostname: `${tenant.label}-machine` };
    const scraped = await waitFor("the node's series on /metrics", async () => {
      const { text } = await scrapeGateway();
      return linesOf(text, METRIC.containerCpuPercent, expected).length ? text : null;
    });
    expect(
      linesOf(scraped, METRIC.containerCpuPercent, {
        ...expected,
        task,
        container: task.slice(-12),
        swarm_service: "shop_web",
        service: "web",
      }),
    ).toEqual([expect.stringMatching(/ 42\.5$/)]);
    expect(linesOf(scraped, METRIC.containerCpuPercent, { application: 'shop\\"} evil' })).toHaveLength(1);
    expect(linesOf(scraped, METRIC.containerUnhealthy, expected)).toEqual([expect.stringMatching(/ 1$/)]);
    expect(linesOf(scraped, METRIC.containerMemoryPercent, expected)).toEqual([expect.stringMatching(/ 25$/)]);
    expect(linesOf(scraped, METRIC.nodeMemoryTotalBytes, expected)).toHaveLength(1);
    expect(linesOf(scraped, METRIC.nodeSampleAgeSeconds, expected)).toHaveLength(1);
    expect(scraped).not.toContain("someone-else");

    agent.ws.close(1000);
    await waitFor(
      "the node's series to go",
      async () => linesOf((await scrapeGateway()).text, METRIC.nodeCpuPercent, { node: tenant.node.id }).length === 0,
    );
  });

  it("closes an agent that sends more metrics batches than its budget", async () => {
    const agent = await connectTestAgent({
      port: GATEWAY_PORT,
      credential: tenant.node.credential,
      inventory: testInventory(`${tenant.label}-machine`),
    });
    // GATEWAY_AGENT_METRICS_PER_MINUTE (default 60) is also the burst.
    for (let i = 0; i < 80 && agent.ws.readyState === agent.ws.OPEN; i++)
      agent.send(metricsBatch([containerSample("t0metricsflood00000000001")]));
    expect(await agent.closed).toBe(CLOSE_CODES.overBudget);
  });

  it("reaches the integration Prometheus with the same labels", async () => {
    const agent = await metricsAgent(tenant, [containerSample("t0metricsprometheus000001")]);
    try {
      const series = await waitFor(
        "the series in Prometheus",
        async () => {
          const found = await cpuSeriesInPrometheus(tenant.orgId);
          return found.find((s) => s.labels.task === "t0metricsprometheus000001");
        },
        30_000,
        500,
      );
      expect(series.labels).toMatchObject({
        cluster: tenant.cluster.id,
        node: tenant.node.id,
        application: "shop",
        service: "web",
        job: "wharf-gateway",
      });
      expect(series.value).toBe(42.5);
    } finally {
      agent.stop();
    }
  });
});
