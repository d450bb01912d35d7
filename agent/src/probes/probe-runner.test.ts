import { describe, expect, it } from "vitest";
import { encodeProbe, PROBE_LABEL } from "@/lib/protocol/probe";
import { silentLogger } from "../log/logger";
import type { ProbeResult, ProbeTarget } from "./probe-check";
import type { ContainerNetworkFacts, ProbedContainer, ProbeEngine } from "./probe-engine";
import { probeAddress } from "./probe-engine";
import { createProbeRunner } from "./probe-runner";

const label = encodeProbe({
  kind: "http",
  port: 8080,
  path: "/ping",
  intervalSeconds: 1,
  timeoutSeconds: 1,
  initialDelaySeconds: 5,
  failureThreshold: 2,
});

function fakeEngine(containers: ProbedContainer[]) {
  const killed: string[] = [];
  const engine: ProbeEngine = {
    listProbedContainers: async () => containers,
    inspectContainer: async () => ({ startedAt: 0, networkMode: "default", networks: { shop_default: "10.0.1.3" } }),
    gwbridgeAddresses: async () => new Map(containers.map((c, i) => [c.Id, `172.18.0.${i + 3}`])),
    killContainer: async (id) => void killed.push(id),
  };
  return { engine, killed };
}

/** Runs ticks at the given clock values, letting each started probe settle. */
async function ticksAt(runner: ReturnType<typeof createProbeRunner>, clock: { now: number }, times: number[]): Promise<void> {
  for (const t of times) {
    clock.now = t;
    await runner.tick();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("probe runner", () => {
  it("probes nothing during the initial delay, then kills after the threshold of failures", async () => {
    const { engine, killed } = fakeEngine([{ Id: "c1", State: "running", Labels: { [PROBE_LABEL]: label } }]);
    const targets: ProbeTarget[] = [];
    const clock = { now: 0 };
    let answer: ProbeResult = { ok: false, detail: "HTTP 500" };
    const runner = createProbeRunner({ engine, log: silentLogger, now: () => clock.now, probe: async (t) => (targets.push(t), answer) });
    let changes = 0;
    runner.onChange(() => changes++);

    await ticksAt(runner, clock, [0, 1_000, 4_999]);
    expect(targets).toEqual([]);
    expect(runner.stateOf("c1")).toBe("pending");

    answer = { ok: true, detail: "HTTP 200" };
    await ticksAt(runner, clock, [5_000]);
    expect(targets).toEqual([{ kind: "http", address: "172.18.0.3", port: 8080, path: "/ping", timeoutMs: 1_000 }]);
    expect(runner.stateOf("c1")).toBe("passing");

    answer = { ok: false, detail: "HTTP 500" };
    await ticksAt(runner, clock, [5_500, 6_000]);
    expect(targets).toHaveLength(2);
    expect(runner.stateOf("c1")).toBe("failing");
    expect(killed).toEqual([]);
    await ticksAt(runner, clock, [7_000, 8_000, 9_000]);
    expect(killed).toEqual(["c1"]);
    expect(targets).toHaveLength(3); // no probe after the kill
    expect(changes).toBe(3); // tracked (pending), passing, failing (the kill keeps it failing)
  });

  it("forgets containers that are gone and ignores labels that do not parse", async () => {
    const containers: ProbedContainer[] = [
      { Id: "c1", State: "running", Labels: { [PROBE_LABEL]: label } },
      { Id: "c2", State: "running", Labels: { [PROBE_LABEL]: "{not json" } },
    ];
    const { engine } = fakeEngine(containers);
    const runner = createProbeRunner({ engine, log: silentLogger, now: () => 0, probe: async () => ({ ok: true, detail: "" }) });
    await runner.tick();
    expect(runner.stateOf("c1")).toBe("pending");
    expect(runner.stateOf("c2")).toBeUndefined();
    containers.splice(0, 1);
    await runner.tick();
    expect(runner.stateOf("c1")).toBeUndefined();
  });
});

describe("probeAddress", () => {
  const facts = (over: Partial<ContainerNetworkFacts>): ContainerNetworkFacts => ({
    startedAt: 0,
    networkMode: "default",
    networks: {},
    ...over,
  });
  it("uses loopback for host networking, the gateway endpoint for overlays, a bridge address otherwise", () => {
    expect(probeAddress(facts({ networks: { host: "" } }), new Map(), "c")).toBe("127.0.0.1");
    expect(probeAddress(facts({ networks: { app_net: "10.0.1.3" } }), new Map([["c", "172.18.0.4"]]), "c")).toBe("172.18.0.4");
    expect(probeAddress(facts({ networks: { bridge: "172.17.0.2" } }), new Map(), "c")).toBe("172.17.0.2");
    expect(probeAddress(facts({ networks: { internal_net: "10.0.2.3" } }), new Map(), "c")).toBeNull();
  });
});
