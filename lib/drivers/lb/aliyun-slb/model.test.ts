import { describe, expect, it } from "vitest";
import type { WeightedBackend } from "../types";
import { batches, groupName, parseDescription, planServers, serverKey, toServers, type SlbServer } from "./model";
import { changedAttributes, desiredAttributes } from "./listener-params";

const b = (id: string, weight: number, extra: Partial<WeightedBackend> = {}): WeightedBackend => ({
  id,
  address: "10.0.0.5",
  port: 31000,
  weight,
  pool: "main",
  instanceId: `i-${id}`,
  ...extra,
});
const server = (id: string, weight: number, description = `wharf/main/${id}`): SlbServer => ({
  ServerId: `i-${id}`,
  Port: 31000,
  Weight: weight,
  Type: "ecs",
  Description: description,
});

describe("SLB names", () => {
  it("names groups wharf-<lb name>-<protocol>-<port>, only with characters SLB allows, at most 80", () => {
    expect(groupName({ name: "slbtest" }, { port: 8080, protocol: "tcp" })).toBe("wharf-slbtest-tcp-8080");
    expect(groupName({ name: "my lb!" }, { port: 443, protocol: "https" })).toBe("wharf-my_lb_-https-443");
    expect(groupName({ name: "x".repeat(200) }, { port: 80, protocol: "http" }).length).toBe(80);
  });
  it("keeps the pool and task id in the backend description", () => {
    const [s] = toServers([b("task1", 10, { pool: "blue" })]);
    expect(s?.Description).toBe("wharf/blue/task1");
    expect(parseDescription(s?.Description)).toEqual({ pool: "blue", id: "task1" });
    expect(parseDescription("someone else's")).toBeNull();
  });
});

describe("toServers", () => {
  it("ECS instances become Type ecs without ServerIp; ENI/ECI ids become their type with the address as ServerIp", () => {
    const servers = toServers([
      b("a", 256),
      b("b", 128, { instanceId: "eni-bp1abc", address: "10.1.2.3" }),
      b("c", 64, { instanceId: "eci-xyz", address: "10.1.2.4" }),
    ]);
    expect(servers.map((s) => [s.Type, s.ServerId, s.ServerIp, s.Weight])).toEqual([
      ["ecs", "i-a", undefined, 100],
      ["eni", "eni-bp1abc", "10.1.2.3", 50],
      ["eci", "eci-xyz", "10.1.2.4", 25],
    ]);
  });
  it("refuses backends without an instance id, naming them", () => {
    expect(() => toServers([b("a", 1, { instanceId: undefined })])).toThrow(/instance id.*a \(10\.0\.0\.5:31000\)/);
  });
  it("refuses two backends that are the same SLB server", () => {
    expect(() => toServers([b("a", 1), b("b", 1, { instanceId: "i-a" })])).toThrow(/same SLB server/);
  });
});

describe("planServers", () => {
  it("adds new servers, reweights changed ones and leaves equal ones alone", () => {
    const plan = planServers(
      [server("a", 100), server("b", 50)],
      [server("a", 100), server("b", 100), { ...server("c", 30), ServerId: "i-c" }],
    );
    expect(plan.add.map((s) => s.ServerId)).toEqual(["i-c"]);
    expect(plan.reweight.map((s) => [s.ServerId, s.Weight])).toEqual([["i-b", 100]]);
    expect(plan.remove).toEqual([]);
  });
  it("drains a leaving server first (weight 0), removes it once it is at 0", () => {
    const first = planServers([server("a", 100), server("b", 100)], [server("a", 100)]);
    expect(first.reweight.map((s) => [s.ServerId, s.Weight])).toEqual([["i-b", 0]]);
    expect(first.remove).toEqual([]);
    const second = planServers([server("a", 100), server("b", 0)], [server("a", 100)]);
    expect(second.reweight).toEqual([]);
    expect(second.remove.map((s) => s.ServerId)).toEqual(["i-b"]);
  });
  it("replaces a server whose endpoint now belongs to another task", () => {
    const plan = planServers([server("a", 100, "wharf/main/old")], [server("a", 100, "wharf/main/new")]);
    expect(plan.replace).toHaveLength(1);
    expect(plan.add).toEqual([]);
  });
  it("is empty when nothing differs", () => {
    const plan = planServers([server("a", 100)], [server("a", 100)]);
    expect([plan.add, plan.reweight, plan.replace, plan.remove].flat()).toEqual([]);
  });
  it("identifies ENI servers by id, IP and port", () => {
    expect(serverKey({ ServerId: "eni-1", ServerIp: "10.0.0.1", Port: 80, Type: "eni" })).not.toBe(
      serverKey({ ServerId: "eni-1", ServerIp: "10.0.0.2", Port: 80, Type: "eni" }),
    );
    expect(serverKey({ ServerId: "i-1", ServerIp: "10.0.0.1", Port: 80, Type: "ecs" })).toBe(
      serverKey({ ServerId: "i-1", Port: 80, Type: "ecs" }),
    );
  });
  it("splits calls into batches of 20 servers (the API limit)", () => {
    expect(batches(Array.from({ length: 45 }, (_, i) => i)).map((x) => x.length)).toEqual([20, 20, 5]);
  });
});

describe("listener parameters", () => {
  it("http: sticky sessions with an inserted cookie; changes only what differs", () => {
    const desired = desiredAttributes({ port: 80, protocol: "http", stickySessions: true }, "rsp-1", "wharf-x-http-80");
    expect(desired).toMatchObject({ VServerGroupId: "rsp-1", StickySession: "on", StickySessionType: "insert" });
    expect(changedAttributes(desired, { ...desired })).toEqual({});
    expect(changedAttributes(desired, { ...desired, StickySession: "off", StickySessionType: undefined })).toMatchObject({
      StickySession: "on",
      StickySessionType: "insert",
    });
    expect(changedAttributes(desired, { ...desired, VServerGroupId: "rsp-other" })).toEqual({
      VServerGroupId: "rsp-1",
      VServerGroup: "on",
    });
  });
  it("https needs a server certificate id", () => {
    expect(() => desiredAttributes({ port: 443, protocol: "https" }, "rsp-1", "n")).toThrow(/certificate/);
    expect(desiredAttributes({ port: 443, protocol: "https", certificateIds: ["cert-1"] }, "rsp-1", "n")).toMatchObject({
      ServerCertificateId: "cert-1",
    });
  });
});
