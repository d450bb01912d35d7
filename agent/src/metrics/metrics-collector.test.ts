import { afterEach, describe, expect, it } from "vitest";
import { metricsMessageSchema } from "@/lib/protocol/metrics";
import { createLogger } from "../log/logger";
import { createMetricsCollector } from "./metrics-collector";
import type { MetricsEngine, ServiceContainer } from "./service-containers";
import { FixtureMachine, IDLE_NODE, NO_LIMITS, type FixtureContainer } from "../testing/fixture-machine";

const MIB = 2 ** 20;
const machines: FixtureMachine[] = [];
afterEach(() => machines.splice(0).forEach((m) => m.cleanup()));

const idOf = (n: number) => `c${n}`.padEnd(64, String(n));

function listed(n: number, state: string, status: string, slot = n, task = `task${n}`): ServiceContainer {
  return {
    Id: idOf(n),
    ImageID: "sha256:img",
    State: state,
    Status: status,
    Labels: {
      "com.docker.swarm.task.id": task,
      "com.docker.swarm.service.name": "shop_web",
      "com.docker.swarm.task.name": `shop_web.${slot}.${task}`,
      "wharf.app": "shop",
      "wharf.service": "web",
    },
  };
}

function setup(version: 1 | 2, containers: ServiceContainer[]) {
  const m = new FixtureMachine(version);
  machines.push(m);
  const state = { containers, listFails: false, lists: 0, inspects: 0, clock: 0 };
  const engine: MetricsEngine = {
    listServiceContainers: async () => {
      state.lists++;
      if (state.listFails) throw new Error("connect ENOENT /var/run/docker.sock");
      return state.containers;
    },
    containerPid: async () => {
      state.inspects++;
      return null;
    },
  };
  const lines: string[] = [];
  const log = createLogger({ level: "info", write: (line) => lines.push(line) });
  const collector = createMetricsCollector({
    engine,
    log,
    intervalSeconds: 10,
    cgroupRoot: m.cgroupRoot,
    procRoot: m.procRoot,
    now: () => state.clock,
  });
  const warnings = () =>
    lines
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .filter((l) => l.level === "warn")
      .map((l) => l.msg);
  return { m, state, collector, lines, warnings };
}

const busy = (over: Partial<FixtureContainer> = {}): FixtureContainer => ({
  ...NO_LIMITS,
  memoryUsageBytes: 64 * MIB,
  inactiveFileBytes: 4 * MIB,
  pids: [4242, 4243],
  ...over,
});

describe("metrics collector", () => {
  it.each([1, 2] as const)(
    "cgroup v%i: one batch of the node and every running Wharf container, with rates from the second sample on",
    async (version) => {
      const { m, state, collector } = setup(version, [
        listed(1, "running", "Up 2 minutes (healthy)"),
        listed(2, "running", "Up 1 minute"),
        listed(3, "exited", "Exited (137) 3 minutes ago", 1, "old1"),
        listed(4, "exited", "Exited (1) 4 minutes ago", 1, "old2"),
      ]);
      m.writeContainer(idOf(1), busy({ cpuQuota: { quotaUs: 50_000, periodUs: 100_000 }, memoryLimitBytes: 128 * MIB, pids: [101] }));
      m.writeContainer(idOf(2), busy({ pids: [202] }));
      m.writeNode({ ...IDLE_NODE, cpuBusy: 100, cpuIdle: 900, load1: 1.5, rxBytes: 1_000, txBytes: 2_000 });

      expect(collector.primed).toBe(false);
      const first = await collector.collect();
      expect(collector.primed).toBe(true);
      expect(first.containers.map((c) => [c.container, c.cpuPercent, c.networkRxBytesPerSecond])).toEqual([
        [idOf(1).slice(0, 12), 0, 0],
        [idOf(2).slice(0, 12), 0, 0],
      ]);

      // 10 s later: container 1 used 0.5 s of CPU of its 0.5-core limit (10 %), container 2 two full cores
      state.clock = 10_000;
      m.writeContainer(
        idOf(1),
        busy({
          cpuUsageNs: 0.5e9,
          cpuQuota: { quotaUs: 50_000, periodUs: 100_000 },
          memoryLimitBytes: 128 * MIB,
          pids: [101],
          rxBytes: 100_000,
          txBytes: 50_000,
          readBytes: 40_960,
          writeBytes: 10_240,
        }),
      );
      m.writeContainer(idOf(2), busy({ cpuUsageNs: 20e9, pids: [202] }));
      m.writeNode({ ...IDLE_NODE, cpuBusy: 400, cpuIdle: 1_000, load1: 1.5, rxBytes: 11_000, txBytes: 4_000 });
      const second = await collector.collect();

      expect(metricsMessageSchema.parse(second)).toEqual(second);
      expect(second).toMatchObject({ type: "metrics", intervalSeconds: 10 });
      expect(second.node).toEqual({
        cpuPercent: 75, // busy +300 of +400
        memoryUsedBytes: 2 * 1024 ** 3,
        memoryTotalBytes: 8 * 1024 ** 3,
        load1: 1.5,
        // eth0 only: loopback, docker0, veth and bridges left out
        networkRxBytesPerSecond: 1_000,
        networkTxBytesPerSecond: 200,
        containersRunning: 2,
      });
      expect(second.containers).toEqual([
        {
          container: idOf(1).slice(0, 12),
          task: "task1",
          swarmService: "shop_web",
          application: "shop",
          service: "web",
          slot: 1,
          cpuPercent: 10,
          memoryUsedBytes: 60 * MIB,
          memoryLimitBytes: 128 * MIB,
          networkRxBytesPerSecond: 10_000,
          networkTxBytesPerSecond: 5_000,
          blockReadBytesPerSecond: 4_096,
          blockWriteBytesPerSecond: 1_024,
          restarts: 2,
          health: "healthy",
        },
        expect.objectContaining({ task: "task2", slot: 2, cpuPercent: 200, memoryLimitBytes: 8 * 1024 ** 3, restarts: 0, health: "none" }),
      ]);
      expect(state.lists).toBe(2);
      expect(state.inspects).toBe(0);
    },
  );

  it("drops a container that stopped since the list, and forgets it", async () => {
    const { m, state, collector } = setup(2, [listed(1, "running", "Up"), listed(2, "running", "Up")]);
    m.writeContainer(idOf(1), busy());
    m.writeContainer(idOf(2), busy());
    expect((await collector.collect()).containers).toHaveLength(2);
    m.removeContainer(idOf(2));
    expect((await collector.collect()).containers.map((c) => c.task)).toEqual(["task1"]);
    // it comes back under the same id (restarted by hand): a first sample again, rates 0
    m.writeContainer(idOf(2), busy({ cpuUsageNs: 5e9 }));
    state.clock = 10_000;
    expect((await collector.collect()).containers.find((c) => c.task === "task2")?.cpuPercent).toBe(0);
  });

  it("takes another process of the container when the one it read the network from has ended", async () => {
    const { m, state, collector } = setup(1, [listed(1, "running", "Up")]);
    m.writeContainer(idOf(1), busy({ pids: [501, 502], rxBytes: 1_000 }));
    await collector.collect();
    m.removeProcess(501);
    m.writeContainer(idOf(1), busy({ pids: [502], rxBytes: 11_000 }));
    state.clock = 10_000;
    expect((await collector.collect()).containers[0]?.networkRxBytesPerSecond).toBe(1_000);
  });

  it("leaves out a container whose cgroup it cannot find, saying so once", async () => {
    const { m, state, collector, warnings } = setup(2, [listed(1, "running", "Up"), listed(2, "running", "Up")]);
    m.writeContainer(idOf(1), busy());
    for (let tick = 0; tick < 3; tick++) expect((await collector.collect()).containers.map((c) => c.task)).toEqual(["task1"]);
    expect(state.inspects).toBe(1); // asked once, not on every tick
    expect(warnings()).toEqual([expect.stringContaining("cannot find a container's cgroup")]);
  });

  it("samples the last known containers while the engine does not answer, and says so once", async () => {
    const { m, state, collector, warnings, lines } = setup(2, [listed(1, "running", "Up")]);
    m.writeContainer(idOf(1), busy());
    await collector.collect();
    state.listFails = true;
    for (let tick = 0; tick < 3; tick++) expect((await collector.collect()).containers).toHaveLength(1);
    expect(warnings()).toEqual([expect.stringContaining("cannot list the engine's containers")]);
    state.listFails = false;
    await collector.collect();
    expect(lines.filter((l) => l.includes("lists containers again"))).toHaveLength(1);
  });

  it("fails when the engine has never answered: there is nothing to sample", async () => {
    const { state, collector } = setup(2, []);
    state.listFails = true;
    await expect(collector.collect()).rejects.toThrow(/ENOENT/);
    expect(collector.primed).toBe(false);
  });
});
