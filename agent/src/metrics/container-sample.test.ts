import { describe, expect, it } from "vitest";
import { containerSampleSchema } from "@/lib/protocol/metrics";
import type { CgroupCounters } from "./cgroup-reader";
import { containerSample, cpuPercent, ratePerSecond, type ContainerReading } from "./container-sample";
import type { ServiceContainer } from "./service-containers";
import { taskSlot } from "./task-slots";

const GIB = 2 ** 30;
const counters = (over: Partial<CgroupCounters> = {}): CgroupCounters => ({
  cpuUsageNs: 0,
  cpuLimitCores: null,
  memoryUsedBytes: 100 * 2 ** 20,
  memoryLimitBytes: null,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  ...over,
});
const reading = (
  at: number,
  over: Partial<CgroupCounters> = {},
  net: ContainerReading["net"] = { rxBytes: 0, txBytes: 0 },
): ContainerReading => ({ at, counters: counters(over), net });

const container: ServiceContainer = {
  Id: "0123456789abcdef".repeat(4),
  ImageID: "sha256:aaa",
  State: "running",
  Status: "Up 2 minutes (healthy)",
  Labels: {
    "com.docker.swarm.task.id": "t0ask0id0000000000000000",
    "com.docker.swarm.service.name": "shop_web",
    "com.docker.swarm.task.name": "shop_web.3.t0ask0id0000000000000000",
    "wharf.app": "shop",
    "wharf.service": "web",
  },
};

function sample(previous: ContainerReading | undefined, current: ContainerReading, nodeMemoryBytes = 8 * GIB) {
  return containerSample({ container, slot: taskSlot(container.Labels), current, previous, restarts: 2, nodeMemoryBytes });
}

describe("container sample", () => {
  it("computes rates per second over the time between readings, 0 when a counter went back", () => {
    expect(ratePerSecond(1_000, 21_000, 10)).toBe(2_000);
    expect(ratePerSecond(21_000, 1_000, 10)).toBe(0);
    expect(ratePerSecond(0, 100, 0)).toBe(0);
  });

  it("measures CPU against the container's limit, or one core without one", () => {
    // 5 s of CPU in 10 s: half a core
    const before = reading(0, { cpuUsageNs: 1e9 });
    expect(cpuPercent(before, reading(10_000, { cpuUsageNs: 6e9 }))).toBeCloseTo(50);
    expect(cpuPercent(before, reading(10_000, { cpuUsageNs: 6e9, cpuLimitCores: 0.5 }))).toBeCloseTo(100);
    expect(cpuPercent(before, reading(10_000, { cpuUsageNs: 6e9, cpuLimitCores: 2 }))).toBeCloseTo(25);
    // two busy cores without a limit: 200 %, as docker stats shows it
    expect(cpuPercent(before, reading(10_000, { cpuUsageNs: 21e9 }))).toBeCloseTo(200);
  });

  it("reports 0 for every rate on a container's first reading, with its labels, slot, health and restarts", () => {
    const first = sample(undefined, reading(5_000, { cpuUsageNs: 9e9, blockReadBytes: 1e6 }, { rxBytes: 5e6, txBytes: 1e6 }));
    expect(first).toEqual({
      container: "0123456789ab",
      task: "t0ask0id0000000000000000",
      swarmService: "shop_web",
      application: "shop",
      service: "web",
      slot: 3,
      cpuPercent: 0,
      memoryUsedBytes: 100 * 2 ** 20,
      memoryLimitBytes: 8 * GIB,
      networkRxBytesPerSecond: 0,
      networkTxBytesPerSecond: 0,
      blockReadBytesPerSecond: 0,
      blockWriteBytesPerSecond: 0,
      restarts: 2,
      health: "healthy",
    });
    expect(containerSampleSchema.parse(first)).toEqual(first);
  });

  it("then reports network and block I/O rates, rounded to bytes, and CPU to a tenth", () => {
    const previous = reading(0, { cpuUsageNs: 0, blockReadBytes: 1_000, blockWriteBytes: 0 }, { rxBytes: 10_000, txBytes: 0 });
    const current = reading(3_000, { cpuUsageNs: 1e9, blockReadBytes: 4_001, blockWriteBytes: 3_000 }, { rxBytes: 40_000, txBytes: 1_000 });
    expect(sample(previous, current)).toMatchObject({
      cpuPercent: 33.3,
      networkRxBytesPerSecond: 10_000,
      networkTxBytesPerSecond: 333,
      blockReadBytesPerSecond: 1_000,
      blockWriteBytesPerSecond: 1_000,
    });
  });

  it("network rates read 0 while the namespace cannot be read", () => {
    expect(sample(reading(0, {}, null), reading(1_000, {}, { rxBytes: 500, txBytes: 500 }))).toMatchObject({
      networkRxBytesPerSecond: 0,
      networkTxBytesPerSecond: 0,
    });
  });

  it("takes the container's memory limit, or the node's memory when it has none or a larger one", () => {
    expect(sample(undefined, reading(0, { memoryLimitBytes: GIB }))?.memoryLimitBytes).toBe(GIB);
    expect(sample(undefined, reading(0, { memoryLimitBytes: 64 * GIB }))?.memoryLimitBytes).toBe(8 * GIB);
    expect(sample(undefined, reading(0, { memoryLimitBytes: null }))?.memoryLimitBytes).toBe(8 * GIB);
  });

  it("skips a container without the Wharf labels", () => {
    const { "wharf.service": _service, ...labels } = container.Labels;
    expect(
      containerSample({
        container: { ...container, Labels: labels },
        slot: null,
        current: reading(0),
        previous: undefined,
        restarts: 0,
        nodeMemoryBytes: GIB,
      }),
    ).toBeNull();
  });
});
