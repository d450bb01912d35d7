/**
 * Where most specs start once an account exists: this run's test images pushed to the organisation's
 * hosted registry, a cluster of real machines joined through the API, and a machine marked to run
 * the load balancers.
 */
import { expect, type APIRequestContext } from "@playwright/test";
import { pushTestImages, type PushedImages } from "../../tests/support/registry-images";
import { E2E_REGISTRY, startCluster, type Machine } from "./agent-harness";

export async function imagesAndCluster(
  request: APIRequestContext,
  origin: string,
  account: { slug: string; token: string },
  clusterName: string,
  machines: Array<{ name: string; index: number }>,
): Promise<{ images: PushedImages; cluster: { clusterId: string; machines: Machine[] } }> {
  const images = await pushTestImages({
    apiToken: account.token,
    slug: account.slug,
    pushHost: E2E_REGISTRY.push,
    pullHost: E2E_REGISTRY.pull,
  });
  return { images, cluster: await startCluster(request, origin, clusterName, machines) };
}

/** Labels the machine `hostname` wharf.lb=true: the HAProxy balancers run there. */
export async function labelLoadBalancerHost(
  request: APIRequestContext,
  origin: string,
  clusterId: string,
  hostname: string,
): Promise<void> {
  const nodes = (await (await request.get(`/api/v1/clusters/${clusterId}/nodes`)).json()) as {
    items: Array<{ id: string; hostname: string }>;
  };
  const node = nodes.items.find((n) => n.hostname === hostname);
  expect(node, `node ${hostname} listed`).toBeDefined();
  const res = await request.patch(`/api/v1/nodes/${node?.id}`, { data: { labels: { "wharf.lb": "true" } }, headers: { origin } });
  expect(res.status(), await res.text()).toBe(200);
}
