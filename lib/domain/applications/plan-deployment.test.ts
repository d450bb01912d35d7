import { describe, expect, it } from "vitest";
import { compileTemplate } from "./compile-template";
import { planDeployment } from "./plan-deployment";
import { STRICT_POLICY } from "@/lib/protocol/workload-policy";

const COMPOSE = `services:
  web:
    image: nginx
    ports: ["8080:80"]
    labels:
      aliyun.lb.port_8080: tcp://slbtest:8080
      aliyun.routing.port_80: web;https://shop.example.com:/api;svc.local
      aliyun.routing.session_sticky: "true"
      aliyun.auto_scaling.max_cpu: 70
`;

const loadBalancers = [
  { id: "lbslb00001", name: "slbtest", driver: "aliyun-slb" as const, routing: false },
  { id: "lbedge0001", name: "edge", driver: "haproxy" as const, routing: true },
];

describe("planDeployment: traffic", () => {
  const compiled = compileTemplate({ compose: COMPOSE, env: {}, appName: "shop", orgSlug: "acme", policy: STRICT_POLICY, loadBalancers });
  const plan = planDeployment({ compiled, existing: [], traffic: { loadBalancers, routingDomain: "local.acme.wharf.localhost" } });

  it("shows each binding with the load balancer it will use", () => {
    expect(plan.loadBalancers).toEqual([
      {
        service: "web",
        port: 80,
        target: "tcp://slbtest:8080",
        loadBalancer: { id: "lbslb00001", name: "slbtest", driver: "aliyun-slb", routing: false },
      },
    ]);
  });

  it("shows routing rules with bare prefixes expanded under the cluster's routing domain", () => {
    expect(plan.routing).toEqual([
      {
        service: "web",
        port: 80,
        sticky: true,
        urls: ["http://web.local.acme.wharf.localhost", "https://shop.example.com/api"],
        internal: ["http://svc.local"],
        loadBalancer: { id: "lbedge0001", name: "edge", driver: "haproxy", routing: true },
      },
    ]);
  });

  it("publishes the bound port on an engine-chosen port, notes the ignored 8080, and no longer says lb/routing/autoscaling are not applied", () => {
    expect(plan.services[0]?.ports).toEqual([{ published: null, target: 80, protocol: "tcp" }]);
    expect(plan.notes).toEqual([expect.objectContaining({ severity: "info", message: expect.stringContaining('"8080:80" is ignored') })]);
    const notApplied = plan.warnings.filter((w) => /not applied yet/.test(w.message)).map((w) => w.message);
    expect(notApplied).toEqual([]);
  });

  it("refuses a binding to a load balancer the cluster does not have (INVALID_INPUT, located)", () => {
    expect(() =>
      compileTemplate({
        compose: COMPOSE,
        env: {},
        appName: "shop",
        orgSlug: "acme",
        policy: STRICT_POLICY,
        loadBalancers: [loadBalancers[1]!],
      }),
    ).toThrow(/there is no load balancer named "slbtest" in this cluster; this cluster has edge \(HAProxy, routing\)/);
  });
});

describe("planDeployment: GPUs and health checks per service", () => {
  const compose = `services:
  train:
    image: nginx
    labels:
      wharf.gpu: "2"
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://localhost/"]
      interval: 10s
      timeout: 3s
      retries: 3
      start_period: 5s
  probe:
    image: nginx
    labels: {aliyun.probe.cmd: /check.sh, aliyun.probe.timeout_seconds: "3"}
  quiet:
    image: nginx
    healthcheck:
      disable: true
  plain:
    image: nginx
`;
  const compiled = compileTemplate({ compose, env: {}, appName: "shop", orgSlug: "acme", policy: STRICT_POLICY });
  const plan = planDeployment({ compiled, existing: [] });
  const service = (name: string) => plan.services.find((s) => s.name === name);

  it("shows each service's GPU reservation", () => {
    expect(Object.fromEntries(plan.services.map((s) => [s.name, s.gpus]))).toEqual({ train: 2, probe: 0, quiet: 0, plain: 0 });
  });

  it("shows the health check each service's tasks run, a disabled one, and none (the image's own)", () => {
    expect(service("train")?.healthCheck).toBe("CMD-SHELL curl -f http://localhost/ (every 10 s, timeout 3 s, 3 retries, 5 s to start)");
    expect(service("probe")?.healthCheck).toMatch(/^CMD-SHELL \/check\.sh \(every \d+ s, timeout 3 s, 3 retries/);
    expect(service("quiet")?.healthCheck).toBe("disabled");
    expect(service("plain")?.healthCheck).toBeNull();
  });
});
