/**
 * aliyun-slb driver against the LOCAL STAND-IN of the SLB API: the operations and parameters it
 * sends, and the SLB-specific rules (weights 0..100, drain = weight 0 then removal, batches of 20,
 * ownership by name, signatures, retries, the endpoint policy). Called from cloud-drivers.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { AliyunSlbStandin } from "@/tests/support/lb-standins/aliyun-slb-standin";
import { ecs, slbBackend, slbDriver, slbHandle, slbStandin } from "./cloud-subjects";

const servers = (raw: string | undefined) =>
  JSON.parse(raw ?? "[]") as { ServerId: string; Port: number; Weight: number; Type: string; ServerIp?: string; Description?: string }[];
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );

export function aliyunSlbCases(): void {
  describe("aliyun-slb driver against the LOCAL STAND-IN of the SLB API: operations and parameters", () => {
    let slb: AliyunSlbStandin;
    const driver = slbDriver();
    beforeEach(async () => {
      slb = await slbStandin(50);
    });
    afterEach(() => slb.close());
    const mutating = () => slb.calls.filter((c) => c.ok && !c.operation.startsWith("Describe"));

    it("ensureListener creates the wharf-<lb>-<protocol>-<port> VServer group and a TCP listener on it, then starts it", async () => {
      await driver.ensureListener(slbHandle(slb), { port: 8080, protocol: "tcp" });
      expect(mutating().map((c) => c.operation)).toEqual([
        "CreateVServerGroup",
        "CreateLoadBalancerTCPListener",
        "StartLoadBalancerListener",
      ]);
      const [group, listener, start] = mutating();
      expect(group?.params).toMatchObject({
        RegionId: "cn-hangzhou",
        LoadBalancerId: slb.loadBalancerId,
        VServerGroupName: "wharf-slbtest-tcp-8080",
      });
      const groupId = [...slb.state.groups.values()][0]?.id;
      expect(listener?.params).toMatchObject({
        ListenerPort: "8080",
        VServerGroupId: groupId,
        Bandwidth: "-1",
        Description: "wharf-slbtest-tcp-8080",
        Scheduler: "wrr",
      });
      expect(start?.params).toMatchObject({ ListenerPort: "8080", ListenerProtocol: "tcp" });
    });

    it("http listeners: sticky sessions with an SLB-inserted cookie, a health check that accepts any answer below 500; unsticking is one Set…Attribute", async () => {
      await driver.ensureListener(slbHandle(slb), { port: 80, protocol: "http", stickySessions: true });
      expect(slb.callsOf("CreateLoadBalancerHTTPListener")[0]?.params).toMatchObject({
        StickySession: "on",
        StickySessionType: "insert",
        CookieTimeout: "3600",
        HealthCheck: "on",
        HealthCheckHttpCode: "http_2xx,http_3xx,http_4xx",
      });
      const before = slb.mutations();
      await driver.ensureListener(slbHandle(slb), { port: 80, protocol: "http", stickySessions: false });
      expect(slb.mutations() - before).toBe(1);
      expect(slb.callsOf("SetLoadBalancerHTTPListenerAttribute")[0]?.params).toMatchObject({ ListenerPort: "80", StickySession: "off" });
      expect((await driver.describe(slbHandle(slb))).listeners[0]?.stickySessions).toBe(false);
    });

    it("https listeners need a server certificate id, which goes to ServerCertificateId", async () => {
      expect((await rejection(driver.ensureListener(slbHandle(slb), { port: 443, protocol: "https" })))?.code).toBe("INVALID_INPUT");
      await driver.ensureListener(slbHandle(slb), {
        port: 443,
        protocol: "https",
        certificateIds: ["1231579085529123_166f8204689_1714763408_709691"],
      });
      expect(slb.callsOf("CreateLoadBalancerHTTPSListener")[0]?.params.ServerCertificateId).toBe(
        "1231579085529123_166f8204689_1714763408_709691",
      );
      expect((await driver.describe(slbHandle(slb))).listeners[0]?.certificateIds).toEqual([
        "1231579085529123_166f8204689_1714763408_709691",
      ]);
    });

    it("setBackends scales weights 0..256 to SLB's 0..100 and names ECS instances (Type ecs) and ENIs (Type eni with ServerIp)", async () => {
      await driver.ensureListener(slbHandle(slb), { port: 8080, protocol: "tcp" });
      const eni = { ...slbBackend(3, "green", 1), instanceId: "eni-bp1standin01", address: "10.0.5.5" };
      await driver.setBackends(slbHandle(slb), { port: 8080, protocol: "tcp" }, [
        slbBackend(0, "blue", 256),
        slbBackend(1, "blue", 128),
        slbBackend(2, "green", 0),
        eni,
      ]);
      const sent = servers(slb.callsOf("AddVServerGroupBackendServers")[0]?.params.BackendServers);
      expect(sent.map((s) => [s.ServerId, s.Port, s.Weight, s.Type, s.ServerIp, s.Description])).toEqual([
        [ecs(0).id, 31000, 100, "ecs", undefined, "wharf/blue/task0aliyun"],
        [ecs(1).id, 31001, 50, "ecs", undefined, "wharf/blue/task1aliyun"],
        [ecs(2).id, 31002, 0, "ecs", undefined, "wharf/green/task2aliyun"],
        ["eni-bp1standin01", 31003, 1, "eni", "10.0.5.5", "wharf/green/task3aliyun"],
      ]);
    });

    it("sends at most 20 backend servers per call", async () => {
      await driver.ensureListener(slbHandle(slb), { port: 8080, protocol: "tcp" });
      await driver.setBackends(
        slbHandle(slb),
        { port: 8080, protocol: "tcp" },
        Array.from({ length: 45 }, (_, i) => slbBackend(i, "main", 10)),
      );
      expect(slb.callsOf("AddVServerGroupBackendServers").map((c) => servers(c.params.BackendServers).length)).toEqual([20, 20, 5]);
    });

    it("drain is SetVServerGroupAttribute with weight 0 for that server only; a leaving backend is drained, then removed by the next call", async () => {
      const key = { port: 8080, protocol: "tcp" } as const;
      await driver.ensureListener(slbHandle(slb), key);
      const pool = [slbBackend(0, "main", 10), slbBackend(1, "main", 10), slbBackend(2, "main", 10)];
      await driver.setBackends(slbHandle(slb), key, pool);
      await driver.drainBackend(slbHandle(slb), key, "task1aliyun");
      expect(servers(slb.callsOf("SetVServerGroupAttribute")[0]?.params.BackendServers)).toEqual([
        expect.objectContaining({ ServerId: ecs(1).id, Port: 31001, Weight: 0 }),
      ]);
      await driver.setBackends(slbHandle(slb), key, pool.slice(0, 2)); // weight of 1 back to 100, 2 drained
      expect(slb.callsOf("RemoveVServerGroupBackendServers")).toHaveLength(0);
      expect(servers(slb.callsOf("SetVServerGroupAttribute")[1]?.params.BackendServers).map((s) => [s.ServerId, s.Weight])).toEqual([
        [ecs(1).id, 100],
        [ecs(2).id, 0],
      ]);
      await driver.setBackends(slbHandle(slb), key, pool.slice(0, 2));
      expect(servers(slb.callsOf("RemoveVServerGroupBackendServers")[0]?.params.BackendServers).map((s) => s.ServerId)).toEqual([
        ecs(2).id,
      ]);
    });

    it("refuses backends without an instance id, and pools of listeners that were never created, before changing anything", async () => {
      await driver.ensureListener(slbHandle(slb), { port: 8080, protocol: "tcp" });
      const before = slb.calls.length;
      const noInstance = await rejection(
        driver.setBackends(slbHandle(slb), { port: 8080, protocol: "tcp" }, [{ ...slbBackend(0, "main", 1), instanceId: undefined }]),
      );
      expect([noInstance?.code, noInstance?.message]).toEqual(["INVALID_INPUT", expect.stringMatching(/instance id.*task0aliyun/)]);
      expect(slb.calls.length).toBe(before);
      const never = await rejection(driver.setBackends(slbHandle(slb), { port: 9999, protocol: "tcp" }, [slbBackend(0, "main", 1)]));
      expect(never?.code).toBe("NOT_FOUND");
      const routes = await rejection(
        driver.ensureListener(slbHandle(slb), {
          port: 80,
          protocol: "http",
          routes: [{ name: "a", hosts: ["a.example"], pathPrefix: "/", stickySessions: false }],
        }),
      );
      expect(routes?.code).toBe("INVALID_INPUT");
      expect(slb.mutations()).toBe(3);
    });

    it("never touches a listener or VServer group Wharf did not create", async () => {
      slb.state.groups.set("rsp-foreign01", {
        id: "rsp-foreign01",
        name: "prod-web",
        loadBalancerId: slb.loadBalancerId,
        servers: [{ ServerId: ecs(7).id, Port: 80, Weight: 100, Type: "ecs" }],
      });
      slb.instance().listeners.set("tcp:9000", {
        port: 9000,
        protocol: "tcp",
        status: "running",
        attrs: { VServerGroupId: "rsp-foreign01", Description: "prod", Bandwidth: "-1" },
      });
      const snapshot = JSON.stringify([...slb.state.groups.values(), [...slb.instance().listeners.values()]]);
      for (const protocol of ["tcp", "http"] as const) {
        const error = await rejection(driver.ensureListener(slbHandle(slb), { port: 9000, protocol }));
        expect([error?.code, error?.message]).toEqual(["CONFLICT", expect.stringMatching(/not created by Wharf|did not create/)]);
      }
      await driver.deleteListener(slbHandle(slb), { port: 9000, protocol: "tcp" });
      expect((await driver.describe(slbHandle(slb))).listeners).toEqual([]);
      expect(slb.mutations()).toBe(0);
      expect(JSON.stringify([...slb.state.groups.values(), [...slb.instance().listeners.values()]])).toBe(snapshot);
    });

    it("describe reflects what SLB holds: health from DescribeHealthStatus, and changes made outside Wharf (which the next setBackends repairs)", async () => {
      const key = { port: 8080, protocol: "tcp" } as const;
      await driver.ensureListener(slbHandle(slb), key);
      const pool = [slbBackend(0, "main", 10), slbBackend(1, "main", 10)];
      await driver.setBackends(slbHandle(slb), key, pool);
      slb.setHealth(ecs(1).id, 31001, "abnormal");
      const seen = (await driver.describe(slbHandle(slb))).listeners[0]?.backends;
      expect(seen?.map((b) => [b.id, b.address, b.healthy, b.instanceId])).toEqual([
        ["task0aliyun", ecs(0).ip, true, ecs(0).id],
        ["task1aliyun", ecs(1).ip, false, ecs(1).id],
      ]);
      const group = [...slb.state.groups.values()][0];
      if (group) group.servers = group.servers.filter((s) => s.ServerId !== ecs(0).id); // someone removed it in the console
      expect((await driver.describe(slbHandle(slb))).listeners[0]?.backends.map((b) => b.id)).toEqual(["task1aliyun"]);
      await driver.setBackends(slbHandle(slb), key, pool);
      expect(servers(slb.callsOf("AddVServerGroupBackendServers").at(-1)?.params.BackendServers).map((s) => s.ServerId)).toEqual([
        ecs(0).id,
      ]);
      expect((await driver.stats(slbHandle(slb))).available).toBe(false);
    });

    it("retries SLB's transient ServiceIsConfiguring, and wraps other errors with operation, target and code, without keys or signatures", async () => {
      await driver.ensureListener(slbHandle(slb), { port: 8080, protocol: "tcp" });
      slb.failNext("AddVServerGroupBackendServers", "ServiceIsConfiguring", "The specified service is configuring.");
      await driver.setBackends(slbHandle(slb), { port: 8080, protocol: "tcp" }, [slbBackend(0, "main", 1)]);
      expect(slb.callsOf("AddVServerGroupBackendServers").map((c) => c.errorCode ?? "ok")).toEqual(["ServiceIsConfiguring", "ok"]);

      const error = await rejection(
        driver.ensureListener(slbHandle(slb, { loadBalancerId: "lb-doesnotexist0001" }), { port: 1, protocol: "tcp" }),
      );
      expect(error?.message).toMatch(
        /^aliyun-slb: DescribeLoadBalancerAttribute on lb-doesnotexist0001 failed \(HTTP 404\): InvalidLoadBalancerId\.NotFound: The specified LoadBalancerId does not exist\.$/,
      );
      expect(error?.details).toMatchObject({
        operation: "DescribeLoadBalancerAttribute",
        providerCode: "InvalidLoadBalancerId.NotFound",
        requestId: expect.any(String),
      });
      const unknown = await rejection(
        driver.setBackends(slbHandle(slb), { port: 8080, protocol: "tcp" }, [
          { ...slbBackend(0, "main", 1), instanceId: "i-notanecsinstance" },
        ]),
      );
      expect(unknown?.details).toMatchObject({
        operation: "AddVServerGroupBackendServers",
        providerCode: "InvalidBackendServers.ServerIdNotFound",
      });
      for (const e of [error, unknown])
        expect(JSON.stringify([e?.message, e?.details])).not.toMatch(new RegExp(`${slb.accessKeySecret}|Signature|${slb.accessKeyId}`));
    });

    it("signs every call: a wrong secret and an unknown AccessKey are refused, and Test connection says so", async () => {
      const wrongSecret = await driver.testConnection(slbHandle(slb, { secret: "wrong" }));
      expect(wrongSecret).toEqual({ ok: false, message: expect.stringMatching(/refused the credentials \(SignatureDoesNotMatch\)/) });
      const unknownKey = await driver.testConnection(slbHandle(slb, { keyId: "LTAIunknown" }));
      expect(unknownKey.message).toMatch(/InvalidAccessKeyId\.NotFound/);
      const missing = await driver.testConnection(slbHandle(slb, { loadBalancerId: "lb-doesnotexist0001" }));
      expect(missing.message).toMatch(/No such SLB instance/);
      expect(slb.calls.filter((c) => c.ok)).toHaveLength(0);
      expect((await driver.testConnection(slbHandle(slb))).message).toMatch(
        /^Connected: SLB standin-slb \(172\.16\.0\.100, active\) in cn-hangzhou$/,
      );
    });

    it("an overridden endpoint goes through the outbound policy: loopback is refused unless allow-listed, before any request", async () => {
      const strict = slbDriver([]);
      const error = await rejection(strict.ensureListener(slbHandle(slb), { port: 8080, protocol: "tcp" }));
      expect([error?.code, error?.message]).toEqual([
        "FORBIDDEN",
        expect.stringMatching(/127\.0\.0\.1 is a loopback address.*OUTBOUND_ALLOW_CIDRS/),
      ]);
      expect((await strict.testConnection(slbHandle(slb))).ok).toBe(false);
      expect(slb.calls).toHaveLength(0);
    });
  });
}
