import { describe, expect, it } from "vitest";
import type { HaproxyListener } from "@/lib/protocol/haproxy";
import { failure } from "../testing/fake-context";
import { LOOPBACK_LB_SETTINGS } from "../testing/lb-state-fixtures";
import { withBackends, withDrained, withListener, withoutListener } from "./lb-model";
import type { LbState } from "./lb-state";

const settings = LOOPBACK_LB_SETTINGS;
const listener = (over: Partial<HaproxyListener> = {}): HaproxyListener => ({
  port: 8080,
  protocol: "http",
  stickySessions: false,
  routes: [],
  certificates: [],
  ...over,
});
const ensure = (state: LbState | null, l: HaproxyListener, certificates: { name: string; sha256: string }[] = []) =>
  withListener(state, { lbId: "lb1", settings, listener: l, certificates });
const backend = (id: string, port: number) => ({ id, address: "10.0.0.1", port, weight: 100, pool: "main" });
const route = (name: string) => ({ name, hosts: [`${name}.example.com`], pathPrefix: "/", stickySessions: false });

describe("the desired state of a load balancer", () => {
  it("refuses UDP, routes on TCP, https without a certificate and one port under two protocols, clearly", async () => {
    expect(await failure(Promise.resolve().then(() => ensure(null, listener({ protocol: "udp" }))))).toMatchObject({
      code: "UNSUPPORTED",
      message: expect.stringMatching(/cannot balance UDP/),
    });
    expect(await failure(Promise.resolve().then(() => ensure(null, listener({ protocol: "tcp", routes: [route("a")] }))))).toMatchObject({
      code: "INVALID_PAYLOAD",
    });
    expect(await failure(Promise.resolve().then(() => ensure(null, listener({ protocol: "https" }))))).toMatchObject({
      code: "INVALID_PAYLOAD",
      message: expect.stringMatching(/certificate/),
    });
    const http = ensure(null, listener());
    expect(await failure(Promise.resolve().then(() => ensure(http, listener({ protocol: "tcp" }))))).toMatchObject({ code: "CONFLICT" });
  });

  it("keeps a listener's pools when it is ensured again, and the pools of the routes that remain", () => {
    let state = ensure(null, listener({ routes: [route("a"), route("b")] }));
    state = withBackends(state, { port: 8080, protocol: "http", route: "a" }, [backend("t1", 1)], 0);
    state = withBackends(state, { port: 8080, protocol: "http", route: "b" }, [backend("t2", 2)], 0);
    state = ensure(state, listener({ routes: [route("a"), route("c")] }));
    expect(Object.keys(state.listeners[0]?.pools ?? {})).toEqual(["a", "c"]);
    expect(state.listeners[0]?.pools.a?.map((b) => b.id)).toEqual(["t1"]);
    expect(state.listeners[0]?.pools.c).toEqual([]);
  });

  it("records servers that leave a pool (once), and forgets them when they come back", () => {
    let state = ensure(null, listener());
    const key = { port: 8080, protocol: "http" as const };
    state = withBackends(state, key, [backend("t1", 1), backend("t2", 2)], 10);
    state = withBackends(state, key, [backend("t1", 1)], 20);
    expect(state.leaving).toEqual([{ backend: "be_http_8080", server: "t2", id: "t2", pool: "main", since: 20 }]);
    expect(withBackends(state, key, [backend("t1", 1)], 30).leaving).toEqual(state.leaving);
    expect(withBackends(state, key, [backend("t1", 1), backend("t2", 2)], 40).leaving).toEqual([]);
  });

  it("drains a backend until the pool is set again; draining an absent one changes nothing", () => {
    const key = { port: 8080, protocol: "http" as const };
    const state = withBackends(ensure(null, listener()), key, [backend("t1", 1), backend("t2", 2)], 0);
    const drained = withDrained(state, key, "t2");
    expect(drained.listeners[0]?.pools[""]?.map((b) => b.drained)).toEqual([false, true]);
    expect(withDrained(drained, key, "t2")).toBe(drained);
    expect(withDrained(state, key, "nope")).toBe(state);
    expect(withBackends(drained, key, [backend("t1", 1), backend("t2", 2)], 0).listeners[0]?.pools[""]?.every((b) => !b.drained)).toBe(
      true,
    );
  });

  it("refuses pool changes for listeners or routes that do not exist, and duplicate backends", async () => {
    const state = ensure(null, listener({ routes: [route("a")] }));
    expect(await failure(Promise.resolve().then(() => withBackends(null, { port: 1, protocol: "tcp" }, [], 0)))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failure(Promise.resolve().then(() => withBackends(state, { port: 8080, protocol: "http" }, [], 0)))).toMatchObject({
      code: "INVALID_PAYLOAD",
    });
    expect(
      await failure(Promise.resolve().then(() => withBackends(state, { port: 8080, protocol: "http", route: "zz" }, [], 0))),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(
        Promise.resolve().then(() =>
          withBackends(state, { port: 8080, protocol: "http", route: "a" }, [backend("t1", 1), backend("t1", 2)], 0),
        ),
      ),
    ).toMatchObject({ code: "INVALID_PAYLOAD" });
  });

  it("deletes a listener with its pools; deleting it again returns the same state", () => {
    const state = ensure(ensure(null, listener()), listener({ port: 9090, protocol: "tcp" }));
    const after = withoutListener(state, { port: 8080, protocol: "http" });
    expect(after.listeners.map((l) => l.port)).toEqual([9090]);
    expect(withoutListener(after, { port: 8080, protocol: "http" })).toBe(after);
  });
});
