/**
 * The whole path with nothing simulated: a real agent on a netns "machine" runs an application's
 * containers (deployed through the API by the worker), samples them and sends metrics batches; the
 * real gateway exposes them labelled with the organisation, cluster, node, application, service and
 * task; the integration Prometheus scrapes them; the organisation's federation endpoint returns them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRIC } from "@/lib/metrics/metric-names";
import { call } from "../../support/integration/client";
import { nodeIdNamed } from "../../support/integration/cluster-nodes";
import { waitFor } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";
import { linesOf, prometheus, scrapeGateway } from "./support";

const compose = (image: string) => `services:
  web:
    image: ${image}
    deploy:
      replicas: 2
`;

let cookie: string;
let orgId: string;
let cluster: SwarmCluster;
let nodeId: string;

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("metrics-agent"));
  cookie = owner.cookie;
  orgId = owner.me.activeOrganizationId;
  const images = await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "");
  cluster = await startSwarmCluster({ cookie, name: "metrics-it", machines: [{ name: "wmt1", index: 111 }] });
  nodeId = await nodeIdNamed(cookie, cluster.clusterId, "wmt1");
  const created = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
    cookie,
    body: { name: "metered", clusterId: cluster.clusterId, compose: compose(images.busybox) },
  });
  expect(created.status, created.text).toBe(201);
  await waitFor(
    "both web replicas running",
    async () => {
      const status = await call<{ services: Array<{ name: string; running: number }> }>(
        "GET",
        `/api/v1/applications/${created.json.application.id}/status`,
        { cookie },
      );
      return status.json.services?.find((s) => s.name === "web")?.running === 2;
    },
    240_000,
    500,
  );
}, 420_000);

afterAll(async () => {
  await cluster?.stop();
}, 120_000);

describe("a real agent's metrics", () => {
  it("reach the gateway, Prometheus and the organisation's federation endpoint with the right labels", async () => {
    const labels = { org: orgId, cluster: cluster.clusterId, node: nodeId, hostname: "wmt1", application: "metered", service: "web" };
    const lines = await waitFor(
      "both containers on the gateway's /metrics",
      async () => {
        const found = linesOf((await scrapeGateway()).text, METRIC.containerCpuPercent, labels);
        return found.length === 2 ? found : null;
      },
      60_000,
      1_000,
    );
    for (const line of lines) expect(line).toMatch(/swarm_service="metered_web",task="[a-z0-9]{25}",container="[0-9a-f]{12}"\} \d/);
    expect(linesOf((await scrapeGateway()).text, METRIC.nodeMemoryTotalBytes, { org: orgId, node: nodeId })).toHaveLength(1);

    const series = await waitFor(
      "the containers in Prometheus",
      async () => {
        const found = await prometheus.query(`${METRIC.containerMemoryUsedBytes}{org="${orgId}",application="metered",service="web"}`);
        return found.length === 2 ? found : null;
      },
      30_000,
      500,
    );
    for (const s of series) {
      expect(s.labels).toMatchObject({ cluster: cluster.clusterId, node: nodeId });
      expect(s.value).toBeGreaterThan(0); // a running httpd uses some memory
    }

    const owner = await call<{ token: string }>("POST", "/api/v1/tokens", { cookie, body: { name: "federation", role: "VIEWER" } });
    const federated = await call("GET", `/api/v1/metrics/federate?application=metered&metric=${METRIC.containerCpuPercent}`, {
      token: owner.json.token,
    });
    expect(federated.status, federated.text).toBe(200);
    expect(linesOf(federated.text, METRIC.containerCpuPercent, labels)).toHaveLength(2);
  });
});
