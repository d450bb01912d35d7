import { describe, expect, it } from "vitest";
import type { ClusterLoadBalancer } from "./extensions";
import { loadCompose, type LoadComposeResult } from "./index";

const EDGE: ClusterLoadBalancer = { id: "lb_edge01", name: "edge", driver: "haproxy", routing: true };
const SLB: ClusterLoadBalancer = { id: "lb_slb01", name: "slbtest", driver: "aliyun-slb", routing: false };
const ELB: ClusterLoadBalancer = { id: "lb_elb01", name: "elb", driver: "aws-elbv2", routing: false };

function load(service: string, loadBalancers?: ClusterLoadBalancer[]): LoadComposeResult {
  return loadCompose({
    text: `services:\n  web:\n    image: nginx\n${service}`,
    appName: "shop",
    orgSlug: "acme",
    defaults: { loadBalancers },
  });
}

const labels = (pairs: Record<string, string>) =>
  `    labels:\n${Object.entries(pairs)
    .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
    .join("")}`;

function ok(result: LoadComposeResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result;
}

const errors = (result: LoadComposeResult) => (result.ok ? [] : result.errors);

describe("ports the traffic layer reaches are published on engine-chosen host ports", () => {
  it("drops the fixed published port of an lb-bound port, keeps other ports as written", () => {
    const result = ok(load(`    ports: ["8080:80", "9000:9000"]\n${labels({ "aliyun.lb.port_8080": "tcp://slbtest:8080" })}`));
    expect(result.services[0]?.spec.EndpointSpec.Ports).toEqual([
      { Protocol: "tcp", TargetPort: 80, PublishMode: "host" },
      { Protocol: "tcp", TargetPort: 9000, PublishedPort: 9000, PublishMode: "host" },
    ]);
  });

  it("publishes a bound port once when the template maps it twice", () => {
    const result = ok(load(`    ports: ["8080:80", "8081:80"]\n${labels({ "wharf.lb.port_80": "tcp://edge:80" })}`));
    expect(result.services[0]?.spec.EndpointSpec.Ports).toEqual([{ Protocol: "tcp", TargetPort: 80, PublishMode: "host" }]);
  });

  it("adds an implicit host-mode port for a routed container port the template does not list", () => {
    const result = ok(load(labels({ "aliyun.routing.port_8000": "web" })));
    expect(result.services[0]?.spec.EndpointSpec.Ports).toEqual([{ Protocol: "tcp", TargetPort: 8000, PublishMode: "host" }]);
    expect(result.notes).toEqual([]);
  });

  it("keeps a udp binding on udp and leaves a tcp mapping of the same number alone", () => {
    const result = ok(load(`    ports: ["5353:5353/udp", "5353:5353"]\n${labels({ "aliyun.lb.port_5353": "udp://slbtest:53" })}`));
    expect(result.services[0]?.spec.EndpointSpec.Ports).toEqual([
      { Protocol: "udp", TargetPort: 5353, PublishMode: "host" },
      { Protocol: "tcp", TargetPort: 5353, PublishedPort: 5353, PublishMode: "host" },
    ]);
  });

  it("does not judge the published number of a port the traffic layer reaches (the engine picks it)", () => {
    expect(errors(load(`    ports: ["80:80"]\n${labels({ "aliyun.routing.port_80": "web" })}`))).toEqual([]);
    expect(load(`    ports: ["80"]\n${labels({ "aliyun.routing.port_80": "web" })}`).ok).toBe(true);
    expect(errors(load(`    ports: ["80:80"]\n`))).toEqual([expect.objectContaining({ code: "policy" })]);
  });
});

describe("bindings checked against the cluster's load balancers", () => {
  it("accepts a binding by name or by id, and checks nothing when no list is given", () => {
    expect(load(`    ports: ["80"]\n${labels({ "aliyun.lb.port_80": "tcp://slbtest:8080" })}`, [EDGE, SLB]).ok).toBe(true);
    expect(load(`    ports: ["80"]\n${labels({ "aliyun.lb.port_80": "tcp://lb_slb01:8080" })}`, [EDGE, SLB]).ok).toBe(true);
    expect(load(`    ports: ["80"]\n${labels({ "aliyun.lb.port_80": "tcp://nowhere:8080" })}`).ok).toBe(true);
  });

  it("refuses, at the label, a binding to a balancer the cluster does not have, listing the ones it has", () => {
    const result = load(`    ports: ["8080:80"]\n${labels({ "aliyun.lb.port_8080": "tcp://slbtset:8080" })}`, [EDGE, SLB]);
    expect(errors(result)).toEqual([
      expect.objectContaining({
        code: "reference",
        path: 'services.web.labels["aliyun.lb.port_8080"]',
        line: 6,
        message:
          'aliyun.lb.port_8080: there is no load balancer named "slbtset" in this cluster; this cluster has edge (HAProxy, routing), slbtest (Alibaba Cloud SLB)',
      }),
    ]);
    const none = load(`    ports: ["80"]\n${labels({ "aliyun.lb.port_80": "tcp://slbtest:80" })}`, []);
    expect(errors(none)[0]?.message).toMatch(/this cluster has no load balancers yet; create one on the cluster's Load balancers page/);
  });

  it("refuses routing rules in a cluster without a routing balancer, unless every route is internal", () => {
    const result = load(labels({ "aliyun.routing.port_80": "web;shop.example.com" }), [SLB]);
    expect(errors(result)).toEqual([
      expect.objectContaining({
        code: "reference",
        path: 'services.web.labels["aliyun.routing.port_80"]',
        message: expect.stringMatching(/create an HAProxy load balancer with "routing" on/),
      }),
    ]);
    expect(load(labels({ "aliyun.routing.port_80": "svc.local" }), [SLB]).ok).toBe(true);
    expect(load(labels({ "aliyun.routing.port_80": "web" }), [SLB, EDGE]).ok).toBe(true);
  });

  it("refuses UDP on HAProxy and warns about http on ELBv2", () => {
    expect(errors(load(`    ports: ["53/udp"]\n${labels({ "aliyun.lb.port_53": "udp://edge:53" })}`, [EDGE]))[0]?.message).toMatch(
      /edge \(HAProxy, routing\) cannot balance UDP/,
    );
    const elb = ok(load(`    ports: ["80"]\n${labels({ "aliyun.lb.port_80": "http://elb:80" })}`, [ELB]));
    expect(elb.warnings).toEqual([
      expect.objectContaining({ code: "unsupported", message: expect.stringMatching(/http listeners need an Application Load Balancer/) }),
    ]);
  });
});
