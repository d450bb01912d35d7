import type { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import type { LoadBalancerDriver } from "@/lib/drivers/lb/types";
import { STRICT_POLICY } from "@/lib/protocol/workload-policy";
import { compileTemplate } from "../applications/compile-template";
import { desiredTraffic, type TrafficInputs } from "./desired-traffic";
import { storedApplied, storedTrafficExtensions } from "./stored-traffic";

// applyToBalancer (what writes LoadBalancer.applied) is pure: it is given the driver, and no query runs here.
import { appliedOf, applyToBalancer } from "./sync-cluster-traffic";

const COMPOSE = `services:
  web:
    image: nginx
    ports: ["80"]
    labels:
      aliyun.lb.port_80: tcp://slbtest:8080
      aliyun.routing.port_80: web;https://shop.example.com:/api
      aliyun.routing.session_sticky: "true"
`;

const loadBalancers = [
  { id: "lbslb00001", name: "slbtest", driver: "aliyun-slb" as const, routing: false },
  { id: "lbedge0001", name: "edge", driver: "haproxy" as const, routing: true },
];

/** What a PostgreSQL jsonb column gives back: JSON, object keys sorted by length, then bytes. */
function throughJsonb(value: unknown): Prisma.JsonValue {
  const sort = (v: unknown): Prisma.JsonValue => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") {
      const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(keys.map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v as Prisma.JsonValue;
  };
  return sort(JSON.parse(JSON.stringify(value)));
}

/** A recording stand-in for a balancer driver, unit level only: the HAProxy driver runs for real in tests/integration/lb and traffic. */
function recordingDriver() {
  const calls: string[] = [];
  const record = (name: string) => async () => {
    calls.push(name);
  };
  const driver = {
    ensureListener: record("ensureListener"),
    setBackends: record("setBackends"),
    deleteListener: record("deleteListener"),
  } as Partial<LoadBalancerDriver>;
  return { calls, driver: driver as LoadBalancerDriver };
}

const lbRow = (id: string, name: string) => ({
  id,
  orgId: "org1",
  clusterId: "cl1",
  name,
  driver: "HAPROXY" as const,
  description: "",
  settings: {},
  credentialsEnc: null,
  routing: false,
  lastSyncAt: null,
  lastSyncOk: null,
  lastSyncError: null,
  applied: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe("stored traffic: AppService.extensions", () => {
  const compiled = compileTemplate({ compose: COMPOSE, env: {}, appName: "shop", orgSlug: "acme", policy: STRICT_POLICY, loadBalancers });
  const ext = compiled.services[0]!.extensions;

  it("reads the compiler's lb bindings and routing rules back exactly as they were written", () => {
    expect(ext.lb).toHaveLength(1);
    expect(ext.routing.rules[0]?.routes).toHaveLength(2);
    expect(storedTrafficExtensions(throughJsonb(ext))).toStrictEqual({ lb: ext.lb, routing: ext.routing });
  });

  it("reads what does not parse as no bindings and no rules, field by field", () => {
    const empty = { lb: [], routing: { rules: [] } };
    for (const garbage of [
      null,
      "lb",
      42,
      [],
      {},
      { lb: "tcp://slbtest:8080", routing: 7 },
      { lb: [{ containerPort: "80" }], routing: { rules: [{ containerPort: 80, routes: [{ scheme: "ftp" }] }] } },
    ]) {
      expect(storedTrafficExtensions(garbage as Prisma.JsonValue)).toStrictEqual(empty);
    }
    expect(storedTrafficExtensions(throughJsonb({ ...ext, routing: "nope" }))).toStrictEqual({ lb: ext.lb, routing: { rules: [] } });
    expect(storedTrafficExtensions(throughJsonb({ ...ext, lb: null }))).toStrictEqual({ lb: [], routing: ext.routing });
  });
});

describe("stored traffic: LoadBalancer.applied", () => {
  const compiled = compileTemplate({ compose: COMPOSE, env: {}, appName: "shop", orgSlug: "acme", policy: STRICT_POLICY, loadBalancers });
  const service = compiled.services[0]!;
  const inputs: TrafficInputs = {
    loadBalancers: [
      { id: "lbslb00001", name: "slbtest", routing: false, httpPort: 80, httpsPort: 443 },
      { id: "lbedge0001", name: "edge", routing: true, httpPort: 80, httpsPort: 443 },
    ],
    services: [
      {
        applicationId: "app1",
        appServiceId: "svc1",
        appName: "shop",
        name: service.name,
        swarmName: "shop_web",
        extensions: storedTrafficExtensions(throughJsonb(service.extensions)),
      },
    ],
    nodes: [{ id: "n1", address: "10.0.0.1", status: "READY", removed: false }],
    tasks: [
      {
        nodeId: "n1",
        tasks: [
          {
            taskId: "t1",
            service: "shop_web",
            state: "running",
            health: "none",
            ports: [{ target: 80, published: 30001, protocol: "tcp" }],
          },
        ],
      },
    ],
    routingDomain: "prod.acme.wharf.localhost",
  };
  const desired = desiredTraffic(inputs);

  it("reads what the sync applied back exactly, so the next sync finds nothing to send", async () => {
    for (const [id, name] of [
      ["lbslb00001", "slbtest"],
      ["lbedge0001", "edge"],
    ] as const) {
      const target = desired.get(id)!;
      expect(target.pools.length).toBeGreaterThan(0);
      const first = recordingDriver();
      const applied = await applyToBalancer(first.driver, lbRow(id, name), target, null);
      expect(first.calls.length).toBeGreaterThan(0);

      const stored = { ...lbRow(id, name), applied: throughJsonb(applied) };
      expect(appliedOf(stored)).toStrictEqual(applied);
      expect(storedApplied(stored.applied)).toStrictEqual(applied);

      const next = recordingDriver();
      await applyToBalancer(next.driver, lbRow(id, name), target, appliedOf(stored));
      expect(next.calls).toEqual([]);
    }
  });

  it("reads a backend written without its node (an older row) with an empty node id", () => {
    const service = { applicationId: "a1", appServiceId: "s1", swarmName: "shop_web", containerPort: 80 };
    const backend = { id: "t1", address: "10.0.0.5", port: 32768, weight: 100, pool: "main" };
    const applied = {
      at: "2026-12-01T00:00:00.000Z",
      specs: [{ port: 8080, protocol: "http" }],
      listeners: [{ port: 8080, protocol: "http", service, backends: [backend] }],
    };
    expect(storedApplied(applied as Prisma.JsonValue)?.listeners[0]?.backends).toEqual([{ ...backend, nodeId: "" }]);
  });

  it("reads what does not parse as nothing applied", () => {
    for (const garbage of [
      null,
      "applied",
      1,
      [],
      {},
      { at: "x", specs: "all", listeners: [] },
      { at: "x", specs: [], listeners: [{ port: "80" }] },
      { specs: [], listeners: [] },
    ]) {
      expect(storedApplied(garbage as Prisma.JsonValue)).toBeNull();
    }
  });
});
