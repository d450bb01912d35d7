import { describe, expect, it } from "vitest";
import type { LbBinding, RoutingRule } from "@/lib/compose/extensions";
import { clusterRoutingDomain, expandRouteHost } from "../traffic/routing-domain";
import { serviceEndpoints, type EndpointLb } from "./traffic-endpoints";

const edge: EndpointLb = { id: "lbedge0001", name: "edge", driver: "haproxy", routing: true, settings: {} };
const slb: EndpointLb = {
  id: "lbslb00001",
  name: "slbtest",
  driver: "aliyun-slb",
  routing: false,
  settings: { regionId: "cn-hangzhou", loadBalancerId: "lb-abc123456" },
};
const bind = (lbName: string, frontPort = 8080, scheme: LbBinding["scheme"] = "tcp"): LbBinding => ({
  containerPort: 80,
  protocol: "tcp",
  scheme,
  lbName,
  frontPort,
  label: `aliyun.lb.port_80`,
});
const rule: RoutingRule = {
  containerPort: 80,
  routes: [
    { scheme: "http", prefix: "web", internal: false },
    { scheme: "https", domain: "shop.example.com", path: "/api", internal: false },
    { scheme: "http", domain: "svc.local", internal: true },
  ],
};

describe("routing domain", () => {
  it("is the cluster's own, else <cluster>.<org slug>.<base>", () => {
    expect(clusterRoutingDomain({ name: "local", routingDomain: null, orgSlug: "acme" }, "wharf.localhost")).toBe(
      "local.acme.wharf.localhost",
    );
    expect(clusterRoutingDomain({ name: "local", routingDomain: "Apps.Example.com.", orgSlug: "acme" }, "wharf.localhost")).toBe(
      "apps.example.com",
    );
    expect(expandRouteHost({ prefix: "web" }, "local.acme.wharf.localhost")).toBe("web.local.acme.wharf.localhost");
    expect(expandRouteHost({ domain: "shop.example.com" }, "ignored")).toBe("shop.example.com");
  });
});

describe("serviceEndpoints", () => {
  const domain = "local.acme.wharf.localhost";

  it("gives an HAProxy binding one URL per node labelled wharf.lb=true, or its bind address", () => {
    const out = serviceEndpoints({
      lb: [bind("edge")],
      rules: [],
      lbs: [edge],
      lbNodes: [{ address: "10.77.0.2" }, { address: "10.77.0.3" }, { address: "10.77.0.2" }],
      routingDomain: domain,
    });
    expect(out.map((e) => e.url)).toEqual(["tcp://10.77.0.2:8080", "tcp://10.77.0.3:8080"]);
    const bound = serviceEndpoints({
      lb: [bind("edge", 80, "http")],
      rules: [],
      lbs: [{ ...edge, settings: { bindAddress: "fd00::5" } }],
      lbNodes: [{ address: "10.77.0.2" }],
      routingDomain: domain,
    });
    expect(bound.map((e) => e.url)).toEqual(["http://[fd00::5]:80"]);
  });

  it("says why there is no URL: no LB node, a cloud balancer, an unknown balancer", () => {
    expect(serviceEndpoints({ lb: [bind("edge")], rules: [], lbs: [edge], lbNodes: [], routingDomain: domain })[0]).toMatchObject({
      url: null,
      note: expect.stringMatching(/labelled wharf.lb=true/),
    });
    expect(
      serviceEndpoints({ lb: [bind("lbslb00001")], rules: [], lbs: [edge, slb], lbNodes: [], routingDomain: domain })[0],
    ).toMatchObject({
      url: null,
      loadBalancer: { name: "slbtest", driver: "aliyun-slb" },
      note: expect.stringMatching(/Alibaba Cloud SLB console/),
    });
    expect(serviceEndpoints({ lb: [bind("gone")], rules: [], lbs: [edge], lbNodes: [], routingDomain: domain })[0]).toMatchObject({
      url: null,
      loadBalancer: null,
    });
  });

  it("expands routing rules under the routing domain, with non-standard ports and without internal routes", () => {
    const out = serviceEndpoints({
      lb: [],
      rules: [rule],
      lbs: [{ ...edge, settings: { httpPort: 8081, httpsPort: "443" } }],
      lbNodes: [],
      routingDomain: domain,
    });
    expect(out.map((e) => e.url)).toEqual(["http://web.local.acme.wharf.localhost:8081", "https://shop.example.com/api"]);
    expect(serviceEndpoints({ lb: [], rules: [rule], lbs: [slb], lbNodes: [], routingDomain: domain })).toEqual([
      expect.objectContaining({ kind: "routing", url: null, note: expect.stringMatching(/no routing load balancer/) }),
    ]);
  });
});
