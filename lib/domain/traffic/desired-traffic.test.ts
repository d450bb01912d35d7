import { describe, expect, it } from "vitest";
import type { ReportedTask } from "@/lib/protocol/task-report";
import { colourWeights, desiredTraffic, type TrafficInputs, type TrafficService } from "./desired-traffic";

const task = (taskId: string, service: string, published: number, over: Partial<ReportedTask> = {}): ReportedTask => ({
  taskId,
  service,
  state: "running",
  health: "none",
  ports: [{ target: 80, published, protocol: "tcp" }],
  ...over,
});

const web: TrafficService = {
  applicationId: "app1",
  appServiceId: "svc1",
  appName: "shop",
  name: "web",
  swarmName: "shop_web",
  extensions: {
    lb: [{ containerPort: 80, protocol: "tcp", scheme: "tcp", lbName: "slbtest", frontPort: 8080, label: "aliyun.lb.port_8080" }],
    routing: { rules: [] },
  },
};

function inputs(over: Partial<TrafficInputs> = {}): TrafficInputs {
  return {
    loadBalancers: [{ id: "lb1", name: "slbtest", routing: false, httpPort: 80, httpsPort: 443 }],
    services: [web],
    nodes: [
      { id: "n1", address: "10.0.0.1", status: "READY", removed: false },
      { id: "n2", address: "10.0.0.2", status: "READY", removed: false },
    ],
    tasks: [
      { nodeId: "n1", tasks: [task("t1", "shop_web", 30001), task("t2", "shop_web", 30002)] },
      { nodeId: "n2", tasks: [task("t3", "shop_web", 30003), task("x1", "other_svc", 30009)] },
    ],
    routingDomain: "prod.acme.wharf.localhost",
    ...over,
  };
}

describe("desiredTraffic", () => {
  it("binds every running task of the service, on its node's address and engine-chosen port", () => {
    const lb = desiredTraffic(inputs()).get("lb1");
    expect(lb?.listeners).toEqual([{ port: 8080, protocol: "tcp" }]);
    expect(lb?.pools).toHaveLength(1);
    expect(lb?.pools[0]?.backends.map((b) => `${b.id}@${b.address}:${b.port}`)).toEqual([
      "t1@10.0.0.1:30001",
      "t2@10.0.0.1:30002",
      "t3@10.0.0.2:30003",
    ]);
    expect(lb?.pools[0]?.backends.every((b) => b.weight === 100 && b.pool === "main")).toBe(true);
  });

  it("leaves out tasks that are stopping, starting or unhealthy, and those on down or removed nodes", () => {
    const lb = desiredTraffic(
      inputs({
        nodes: [
          { id: "n1", address: "10.0.0.1", status: "DOWN", removed: false },
          { id: "n2", address: "10.0.0.2", status: "READY", removed: false },
          { id: "n3", address: "10.0.0.3", status: "UNREACHABLE", removed: false },
          { id: "n4", address: "10.0.0.4", status: "READY", removed: true },
        ],
        tasks: [
          { nodeId: "n1", tasks: [task("t1", "shop_web", 30001)] },
          {
            nodeId: "n2",
            tasks: [
              task("t2", "shop_web", 30002, { state: "stopping" }),
              task("t3", "shop_web", 30003, { state: "starting", health: "starting" }),
              task("t4", "shop_web", 30004, { health: "unhealthy" }),
              task("t5", "shop_web", 30005, { health: "healthy" }),
            ],
          },
          { nodeId: "n3", tasks: [task("t6", "shop_web", 30006)] },
          { nodeId: "n4", tasks: [task("t7", "shop_web", 30007)] },
        ],
      }),
    ).get("lb1");
    // an unreachable agent does not mean a dead node: HAProxy's health checks decide for its tasks
    expect(lb?.pools[0]?.backends.map((b) => b.id)).toEqual(["t5", "t6"]);
  });

  it("finds the balancer by id as well as by name, and skips bindings to balancers that do not exist", () => {
    const byId = { ...web, extensions: { ...web.extensions, lb: [{ ...web.extensions.lb[0]!, lbName: "lb1" }] } };
    expect(desiredTraffic(inputs({ services: [byId] })).get("lb1")?.pools).toHaveLength(1);
    const missing = { ...web, extensions: { ...web.extensions, lb: [{ ...web.extensions.lb[0]!, lbName: "nope" }] } };
    expect(desiredTraffic(inputs({ services: [missing] })).get("lb1")).toEqual({ lbId: "lb1", listeners: [], pools: [] });
  });

  it("routes virtual hosts through the routing balancer: one route per path, bare prefixes under the cluster domain", () => {
    const api: TrafficService = {
      applicationId: "app2",
      appServiceId: "svc2",
      appName: "blog",
      name: "api",
      swarmName: "blog_api",
      extensions: {
        lb: [],
        routing: {
          sessionSticky: true,
          rules: [
            {
              containerPort: 80,
              routes: [
                { scheme: "http", domain: "blog.example.com", internal: false },
                { scheme: "http", prefix: "blog", internal: false },
                { scheme: "http", domain: "blog.example.com", path: "/api", internal: false },
                { scheme: "http", domain: "db.local", internal: true },
              ],
            },
          ],
        },
      },
    };
    const result = desiredTraffic(
      inputs({
        loadBalancers: [{ id: "lbr", name: "edge", routing: true, httpPort: 80, httpsPort: 443 }],
        services: [api],
        tasks: [{ nodeId: "n1", tasks: [task("b1", "blog_api", 31001)] }],
      }),
    ).get("lbr");
    expect(result?.listeners).toEqual([
      {
        port: 80,
        protocol: "http",
        routes: [
          { name: "blog-api-80", hosts: ["blog.example.com", "blog.prod.acme.wharf.localhost"], pathPrefix: "/", stickySessions: true },
          { name: "blog-api-80-1", hosts: ["blog.example.com"], pathPrefix: "/api", stickySessions: true },
        ],
      },
    ]);
    expect(result?.pools.map((p) => [p.key.route, p.backends.map((b) => b.port)])).toEqual([
      ["blog-api-80", [31001]],
      ["blog-api-80-1", [31001]],
    ]);
  });

  it("gives a contested front port to one service, deterministically", () => {
    const other = { ...web, appServiceId: "svc9", swarmName: "aaa_web" };
    const lb = desiredTraffic(
      inputs({ services: [web, other], tasks: [{ nodeId: "n1", tasks: [task("a1", "aaa_web", 30100), task("t1", "shop_web", 30001)] }] }),
    ).get("lb1");
    expect(lb?.pools.map((p) => p.service.swarmName)).toEqual(["aaa_web"]);
  });
});

describe("releases: two colours in one pool", () => {
  const withGreen = (release: Partial<NonNullable<TrafficInputs["releases"]>[number]>) =>
    inputs({
      tasks: [
        { nodeId: "n1", tasks: [task("t1", "shop_web", 30001), task("t2", "shop_web", 30002)] },
        { nodeId: "n2", tasks: [task("g1", "shop_web_green", 31001), task("g2", "shop_web_green", 31002, { health: "starting" })] },
      ],
      releases: [
        {
          services: [{ from: "shop_web", to: "shop_web_green" }],
          fromColour: "blue",
          toColour: "green",
          toPercent: 20,
          drained: [],
          ...release,
        },
      ],
    });
  const share = (backends: Array<{ pool: string; weight: number }>, pool: string) =>
    (backends.filter((b) => b.pool === pool).reduce((s, b) => s + b.weight, 0) / backends.reduce((s, b) => s + b.weight, 0)) * 100;

  it("splits by percentage between the colours' serving tasks, whatever their counts", () => {
    const pool = desiredTraffic(withGreen({})).get("lb1")?.pools[0];
    expect(pool?.backends.map((b) => `${b.id}:${b.pool}`)).toEqual(["t1:blue", "t2:blue", "g1:green"]); // g2 is not healthy yet
    expect(share(pool?.backends ?? [], "green")).toBeCloseTo(20, 5);
  });

  it("a rolling release weighs every task alike, drained ones 0", () => {
    const pool = desiredTraffic(withGreen({ toPercent: null, drained: ["t2"] })).get("lb1")?.pools[0];
    expect(pool?.backends.map((b) => `${b.id}:${b.weight}`)).toEqual(["t1:100", "t2:0", "g1:100"]);
  });

  it("a colour without serving tasks does not take the other's share", () => {
    const pool = desiredTraffic(
      inputs({
        releases: [
          { services: [{ from: "shop_web", to: "shop_web_green" }], fromColour: "blue", toColour: "green", toPercent: 100, drained: [] },
        ],
      }),
    ).get("lb1")?.pools[0];
    expect(pool?.backends.every((b) => b.weight === 100 && b.pool === "blue")).toBe(true);
  });
});

describe("colourWeights", () => {
  it.each([
    [4, 4, 20],
    [4, 1, 5],
    [1, 6, 50],
    [3, 3, 0],
    [3, 3, 100],
    [10, 1, 1],
    [1, 10, 99],
  ])("%i old and %i new tasks at %i %% stay within HAProxy's 0..256 and within half a point", (from, to, percent) => {
    const w = colourWeights(from, to, percent);
    expect(w.from).toBeGreaterThanOrEqual(0);
    expect(Math.max(w.from, w.to)).toBeLessThanOrEqual(256);
    const actual = ((w.to * to) / (w.to * to + w.from * from)) * 100;
    expect(Math.abs(actual - percent)).toBeLessThan(0.6);
  });
});
