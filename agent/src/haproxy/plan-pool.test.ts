import { describe, expect, it } from "vitest";
import { lbStateOf, listenerState, poolServer } from "../testing/lb-state-fixtures";
import { desiredBackends, type LbState, type LeavingServer, type PoolServer } from "./lb-state";
import { planPool, type PoolPlanInput, type RuntimeServer } from "./plan-pool";

const BE = "be_http_8080";
const desired = (servers: PoolServer[], sticky = false): LbState =>
  lbStateOf(listenerState({ stickySessions: sticky, pools: { "": servers } }));

const want = (id: string, port: number, over: Partial<PoolServer> = {}): PoolServer =>
  poolServer(id, port, { address: "10.0.0.1", ...over });
const running = (name: string, port: number, over: Partial<RuntimeServer> = {}): RuntimeServer => ({
  backend: BE,
  name,
  address: "10.0.0.1",
  fqdn: null,
  port,
  weight: 100,
  admin: "ready",
  up: true,
  ...over,
});

function plan(state: LbState, runtime: RuntimeServer[], over: Partial<PoolPlanInput> = {}) {
  return planPool({
    backends: desiredBackends(state),
    runtime,
    sessions: new Map(),
    leaving: state.leaving,
    now: 100_000,
    graceMs: 30_000,
    ...over,
  });
}

describe("planPool: the runtime API commands of a pool change", () => {
  it("adds new servers enabled, with health checks on, and nothing else", () => {
    const p = plan(desired([want("t1", 31001), want("t2", 31002, { weight: 25 })]), []);
    expect(p.commands).toEqual([
      `add server ${BE}/t1 10.0.0.1:31001 weight 100 check inter 1s fall 2 rise 1`,
      `enable server ${BE}/t1`,
      `enable health ${BE}/t1`,
      `add server ${BE}/t2 10.0.0.1:31002 weight 25 check inter 1s fall 2 rise 1`,
      `enable server ${BE}/t2`,
      `enable health ${BE}/t2`,
    ]);
    expect(p.deletions).toEqual([]);
    expect(p.leaving).toEqual([]);
  });

  it("sticky HTTP pools get their added servers' cookies computed", () => {
    const p = plan(desired([want("t1", 31001)], true), [running("t0", 31000)]);
    expect(p.commands.at(-1)).toBe(`set server ${BE}/t0 state maint`);
    expect(p.commands).toContain(`enable dynamic-cookie backend ${BE}`);
    expect(p.commands.indexOf(`enable dynamic-cookie backend ${BE}`)).toBeGreaterThan(p.commands.indexOf(`enable health ${BE}/t1`));
  });

  it("the same pool again plans nothing", () => {
    const p = plan(desired([want("t1", 31001), want("t2", 31002, { weight: 25 })]), [
      running("t1", 31001),
      running("t2", 31002, { weight: 25 }),
    ]);
    expect(p).toEqual({ commands: [], deletions: [], leaving: [] });
  });

  it("weights change in place, without adding or removing servers (a 75/25 blue-green split)", () => {
    const state = desired([want("blue1", 1, { weight: 75, pool: "blue" }), want("green1", 2, { weight: 25, pool: "green" })]);
    const p = plan(state, [running("blue1", 1), running("green1", 2)]);
    expect(p.commands).toEqual([`set server ${BE}/blue1 weight 75`, `set server ${BE}/green1 weight 25`]);
  });

  it("a server that left the pool gets no new request first (maintenance: sticky clients too) and stays leaving; it is not deleted in the same plan", () => {
    const p = plan(desired([want("t1", 1)]), [running("t1", 1), running("t2", 2, { admin: "drain" })], {
      leaving: [{ backend: BE, server: "t2", id: "t2", pool: "main", since: 99_000 }],
    });
    expect(p.commands).toEqual([`set server ${BE}/t2 state maint`]);
    expect(p.deletions).toEqual([]);
    expect(p.leaving).toEqual([{ backend: BE, server: "t2", id: "t2", pool: "main", since: 99_000 }]);
  });

  it("a leaving server is deleted once it has no session left; with sessions it waits", () => {
    const leaving: LeavingServer[] = [{ backend: BE, server: "t2", id: "t2", pool: "main", since: 90_000 }];
    const runtime = [running("t1", 1), running("t2", 2, { admin: "maint" })];
    const busy = plan(desired([want("t1", 1)]), runtime, { leaving, sessions: new Map([[`${BE}/t2`, 1]]) });
    expect(busy).toEqual({ commands: [], deletions: [], leaving });
    const idle = plan(desired([want("t1", 1)]), runtime, { leaving, sessions: new Map([[`${BE}/t2`, 0]]) });
    expect(idle.commands).toEqual([]);
    expect(idle.deletions).toEqual([{ entry: leaving[0], commands: [`del server ${BE}/t2`] }]);
    expect(idle.leaving).toEqual([]);
  });

  it("after the grace, a leaving server's sessions are shut before it is deleted", () => {
    const leaving: LeavingServer[] = [{ backend: BE, server: "t2", id: "t2", pool: "main", since: 60_000 }];
    const p = plan(desired([]), [running("t2", 2, { admin: "maint" })], { leaving, sessions: new Map([[`${BE}/t2`, 3]]) });
    expect(p.deletions[0]?.commands).toEqual([`shutdown sessions server ${BE}/t2`, `del server ${BE}/t2`]);
  });

  it("drains a backend on request (weight kept for later), and lifts the drain when it is listed again", () => {
    const drain = plan(desired([want("t1", 1, { drained: true })]), [running("t1", 1)]);
    expect(drain.commands).toEqual([`set server ${BE}/t1 state drain`]);
    const again = plan(desired([want("t1", 1, { drained: true })]), [running("t1", 1, { admin: "drain" })]);
    expect(again.commands).toEqual([]);
    const lifted = plan(desired([want("t1", 1, { weight: 50 })]), [running("t1", 1, { admin: "drain" })]);
    expect(lifted.commands).toEqual([`set server ${BE}/t1 state ready`, `set server ${BE}/t1 weight 50`]);
  });

  it("in sticky pools a drain is maintenance: HAProxy's drain state still takes the requests of clients stuck to the server", () => {
    expect(plan(desired([want("t1", 1, { drained: true })], true), [running("t1", 1)]).commands).toEqual([
      `set server ${BE}/t1 state maint`,
    ]);
    expect(plan(desired([want("t1", 1, { drained: true })], true), [running("t1", 1, { admin: "maint" })]).commands).toEqual([]);
    expect(plan(desired([want("t1", 1, { drained: true })], true), []).commands).toEqual([
      `add server ${BE}/t1 10.0.0.1:1 weight 0 check inter 1s fall 2 rise 1`,
      `enable health ${BE}/t1`,
      `enable dynamic-cookie backend ${BE}`,
    ]);
    expect(plan(desired([want("t1", 1, { drained: true })]), [running("t1", 1, { admin: "maint" })]).commands).toEqual([
      `set server ${BE}/t1 state ready`,
      `set server ${BE}/t1 state drain`,
    ]);
  });

  it("adds a drained backend that is missing with weight 0 and in drain", () => {
    const p = plan(desired([want("t1", 1, { drained: true })]), []);
    expect(p.commands).toEqual([
      `add server ${BE}/t1 10.0.0.1:1 weight 0 check inter 1s fall 2 rise 1`,
      `enable server ${BE}/t1`,
      `set server ${BE}/t1 state drain`,
      `enable health ${BE}/t1`,
    ]);
  });

  it("moves a server whose address or port changed", () => {
    const p = plan(desired([want("t1", 2, { address: "10.0.0.9" })]), [running("t1", 1)]);
    expect(p.commands).toEqual([`set server ${BE}/t1 addr 10.0.0.9 port 2`]);
  });

  it("orders a mixed change: capacity first (adds), then weights, then drains", () => {
    const p = plan(desired([want("t1", 1, { weight: 10 }), want("t3", 3)]), [running("t1", 1), running("t2", 2)]);
    expect(p.commands).toEqual([
      `add server ${BE}/t3 10.0.0.1:3 weight 100 check inter 1s fall 2 rise 1`,
      `enable server ${BE}/t3`,
      `enable health ${BE}/t3`,
      `set server ${BE}/t1 weight 10`,
      `set server ${BE}/t2 state maint`,
    ]);
    expect(p.leaving).toEqual([{ backend: BE, server: "t2", id: "t2", pool: "", since: 100_000 }]);
  });

  it("leaves other backends' servers alone and forgets leaving servers HAProxy no longer has", () => {
    const stranger = { ...running("x", 9), backend: "be_other" };
    const p = plan(desired([want("t1", 1)]), [running("t1", 1), stranger], {
      leaving: [{ backend: BE, server: "gone", id: "gone", pool: "main", since: 1 }],
    });
    expect(p).toEqual({ commands: [], deletions: [], leaving: [] });
  });
});
