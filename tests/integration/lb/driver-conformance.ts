/**
 * The load-balancer driver conformance suite: the same scenarios for every LoadBalancerDriver
 * (HAProxy against a real HAProxy; the cloud drivers against their LOCAL STAND-INs), observed only
 * through the driver's own `describe` and the harness's `observe` helper — no cloud-specific
 * assertion in here (those sit in each driver's test file). Usage:
 *
 *   driverConformance({ label: "haproxy (real HAProxy)", setup: async () => subject, observe });
 *
 * Weights are compared as each pool's share of the listener's traffic (drivers use their own
 * scales), backends by address:port (ELBv2 cannot keep task ids). Errors are expected to be made by
 * lib/drivers/lb/errors.ts lbApiError (AppError UPSTREAM_FAILED with operation/target/providerCode).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type {
  LbHandle,
  LbProtocol,
  ListenerKey,
  ListenerSpec,
  LoadBalancerDriver,
  ObservedListener,
  WeightedBackend,
} from "@/lib/drivers/lb/types";

export type ConformanceSubject = {
  driver: LoadBalancerDriver;
  lb: LbHandle;
  /** The listener protocol the scenarios use (the balancer must support it). */
  protocol: LbProtocol;
  /** Backend number `slot` (0..5) as this balancer accepts it: an address in its network, instance ids where needed. */
  backend(slot: number, pool: string, weight: number): WeightedBackend;
  /** Front port number `i` (0..9) the scenarios may use; default 18000 + i. */
  port?(i: number): number;
  /** The same balancer with credentials it refuses; absent when the driver takes none. */
  wrongCredentials?: LbHandle;
  /** A handle whose calls the balancer answers with an error (e.g. a load balancer id that does not exist). */
  broken: LbHandle;
  /** False when the balancer cannot split traffic between pools (an NLB forwards to one target group). */
  splitsPools: boolean;
};

export type Observe = {
  /** State-changing calls the driver made to the balancer so far (idempotency is checked with it). */
  mutations(): number | Promise<number>;
  /** Lets time-based transitions finish (a deregistration delay, a drain timeout). */
  settle(): void | Promise<void>;
};

export type ConformanceHarness = {
  /** Shown in test names; stand-ins say so ("aliyun-slb (LOCAL STAND-IN)"). */
  label: string;
  setup(): Promise<ConformanceSubject>;
  teardown?(): Promise<void>;
  observe: Observe;
};

const endpoint = (b: { address: string; port: number }) => `${b.address}:${b.port}`;

/** Each pool's share of the weight of the listener's active backends. */
export function observedShares(l: ObservedListener): Map<string, number> {
  const active = l.backends.filter((b) => b.state === "active");
  const total = active.reduce((sum, b) => sum + b.weight, 0);
  const shares = new Map<string, number>();
  for (const b of active) shares.set(b.pool, (shares.get(b.pool) ?? 0) + (total ? b.weight / total : 0));
  return shares;
}

export function driverConformance(h: ConformanceHarness): void {
  describe(`LoadBalancerDriver conformance: ${h.label}`, () => {
    let s: ConformanceSubject;
    beforeAll(async () => {
      s = await h.setup();
    });
    afterAll(async () => {
      await h.teardown?.();
    });

    const key = (i: number): ListenerKey => ({ port: s.port ? s.port(i) : 18000 + i, protocol: s.protocol });
    const spec = (i: number): ListenerSpec => ({ ...key(i) });
    async function listener(k: ListenerKey): Promise<ObservedListener | undefined> {
      const observed = await s.driver.describe(s.lb);
      return observed.listeners.find((l) => l.port === k.port && l.protocol === k.protocol);
    }
    async function unchanged(action: () => Promise<unknown>): Promise<void> {
      const before = await h.observe.mutations();
      await action();
      expect(await h.observe.mutations(), "a repeated call must not change anything").toBe(before);
    }
    const three = () => [s.backend(0, "main", 100), s.backend(1, "main", 100), s.backend(2, "main", 100)];

    it("creates a listener whose pool starts empty; the same call again changes nothing", async () => {
      await s.driver.ensureListener(s.lb, spec(0));
      expect((await listener(key(0)))?.backends).toEqual([]);
      await unchanged(() => s.driver.ensureListener(s.lb, spec(0)));
    });

    it("sets a pool of three backends, all active with equal weight; the same call again changes nothing", async () => {
      await s.driver.ensureListener(s.lb, spec(1));
      await s.driver.setBackends(s.lb, key(1), three());
      const l = await listener(key(1));
      expect(l?.backends.map(endpoint).sort()).toEqual(three().map(endpoint).sort());
      expect(l?.backends.every((b) => b.state === "active")).toBe(true);
      expect(new Set(l?.backends.map((b) => b.weight)).size).toBe(1);
      await unchanged(() => s.driver.setBackends(s.lb, key(1), three()));
    });

    it("splits traffic 80/20 between pools blue and green, then 20/80 (or refuses a split it cannot make)", async () => {
      await s.driver.ensureListener(s.lb, spec(2));
      const split = (blue: number, green: number) => [s.backend(0, "blue", blue), s.backend(1, "blue", blue), s.backend(2, "green", green)];
      if (!s.splitsPools) {
        await unchanged(async () => {
          const error = await s.driver.setBackends(s.lb, key(2), split(40, 20)).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe("INVALID_INPUT");
        });
        await s.driver.setBackends(s.lb, key(2), split(0, 100));
        const l = await listener(key(2));
        expect(l?.backends.filter((b) => b.state === "active").map(endpoint)).toEqual([endpoint(s.backend(2, "green", 100))]);
        return;
      }
      await s.driver.setBackends(s.lb, key(2), split(40, 20));
      let shares = observedShares((await listener(key(2))) as ObservedListener);
      expect(shares.get("blue")).toBeCloseTo(0.8, 1);
      expect(shares.get("green")).toBeCloseTo(0.2, 1);
      await unchanged(() => s.driver.setBackends(s.lb, key(2), split(40, 20)));
      await s.driver.setBackends(s.lb, key(2), split(10, 80));
      shares = observedShares((await listener(key(2))) as ObservedListener);
      expect(shares.get("blue")).toBeCloseTo(0.2, 1);
      expect(shares.get("green")).toBeCloseTo(0.8, 1);
    });

    it("drains one backend: it stays listed as draining with weight 0, the others keep the traffic; draining again changes nothing", async () => {
      await s.driver.ensureListener(s.lb, spec(3));
      await s.driver.setBackends(s.lb, key(3), three());
      const victim = s.backend(1, "main", 100);
      await s.driver.drainBackend(s.lb, key(3), victim);
      const l = (await listener(key(3))) as ObservedListener;
      const drained = l.backends.find((b) => endpoint(b) === endpoint(victim));
      expect(drained?.state).toBe("draining");
      expect(drained?.weight).toBe(0);
      expect(
        l.backends
          .filter((b) => b.state === "active")
          .map(endpoint)
          .sort(),
      ).toEqual([endpoint(s.backend(0, "main", 1)), endpoint(s.backend(2, "main", 1))].sort());
      await unchanged(() => s.driver.drainBackend(s.lb, key(3), victim));
    });

    it("removes a backend: drained first, gone after the next call; the same call again changes nothing", async () => {
      await s.driver.ensureListener(s.lb, spec(4));
      await s.driver.setBackends(s.lb, key(4), three());
      const two = three().slice(0, 2);
      const leaving = endpoint(s.backend(2, "main", 100));
      await s.driver.setBackends(s.lb, key(4), two);
      const during = (await listener(key(4))) as ObservedListener;
      const stillThere = during.backends.find((b) => endpoint(b) === leaving);
      if (stillThere) expect([stillThere.state, stillThere.weight]).toEqual(["draining", 0]);
      await h.observe.settle();
      await s.driver.setBackends(s.lb, key(4), two);
      const after = (await listener(key(4))) as ObservedListener;
      expect(after.backends.map(endpoint).sort()).toEqual(two.map(endpoint).sort());
      expect(after.backends.every((b) => b.state === "active")).toBe(true);
      await unchanged(() => s.driver.setBackends(s.lb, key(4), two));
    });

    it("deletes a listener and its pool; deleting it again changes nothing", async () => {
      await s.driver.ensureListener(s.lb, spec(5));
      await s.driver.setBackends(s.lb, key(5), three());
      await s.driver.deleteListener(s.lb, key(5));
      expect(await listener(key(5))).toBeUndefined();
      await unchanged(() => s.driver.deleteListener(s.lb, key(5)));
    });

    it("keeps listeners apart: deleting one leaves the other's pool as it was", async () => {
      await s.driver.ensureListener(s.lb, spec(6));
      await s.driver.ensureListener(s.lb, spec(7));
      await s.driver.setBackends(s.lb, key(6), three().slice(0, 2));
      await s.driver.setBackends(s.lb, key(7), [s.backend(3, "main", 100)]);
      await s.driver.deleteListener(s.lb, key(6));
      expect(await listener(key(6))).toBeUndefined();
      expect((await listener(key(7)))?.backends.map(endpoint)).toEqual([endpoint(s.backend(3, "main", 100))]);
    });

    it("tests the connection: ok with the right credentials, a clear refusal with wrong ones", async () => {
      const ok = await s.driver.testConnection(s.lb);
      expect(ok.ok, ok.message).toBe(true);
      expect(ok.message).not.toBe("");
      if (!s.wrongCredentials) return;
      const refused = await s.driver.testConnection(s.wrongCredentials);
      expect(refused.ok).toBe(false);
      expect(refused.message).toMatch(/credential/i);
    });

    it("wraps the balancer's errors with the operation, the target and the balancer's own code", async () => {
      const error = await s.driver.ensureListener(s.broken, spec(8)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      const e = error as AppError;
      expect(e.code).toBe("UPSTREAM_FAILED");
      const details = e.details as Record<string, string>;
      for (const field of ["operation", "target", "providerCode", "providerMessage"])
        expect(details[field], field).toEqual(expect.any(String));
      expect(e.message).toContain(details.operation);
      expect(e.message).toContain(details.providerCode);
    });
  });
}
