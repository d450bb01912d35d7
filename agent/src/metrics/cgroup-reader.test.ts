import { afterEach, describe, expect, it } from "vitest";
import { readText } from "../session/host-usage";
import {
  cgroupPathOf,
  memoryWithoutInactiveFile,
  parseBlkioServiceBytes,
  parseCpuMax,
  parseFirstPid,
  parseIoStat,
  parseKeyedValue,
  parseMemoryLimit,
} from "./cgroup-parse";
import { cgroupAt, cgroupPid, detectCgroupVersion, readCgroupCounters } from "./cgroup-reader";
import { FixtureMachine, NO_LIMITS } from "../testing/fixture-machine";

const ID = "4f1c0a9e2b7d".padEnd(64, "0");
const machines: FixtureMachine[] = [];
const machine = (version: 1 | 2) => {
  const m = new FixtureMachine(version);
  machines.push(m);
  return m;
};
afterEach(() => machines.splice(0).forEach((m) => m.cleanup()));

describe("cgroup file parsing", () => {
  it("reads keyed values wherever the key sits, and only whole keys", () => {
    const stat = "anon 4096\nfile 8192\ninactive_file 2048\ntotal_inactive_file 1024\n";
    expect(parseKeyedValue(stat, "anon")).toBe(4096);
    expect(parseKeyedValue(stat, "inactive_file")).toBe(2048);
    expect(parseKeyedValue(stat, "total_inactive_file")).toBe(1024);
    expect(parseKeyedValue(stat, "file")).toBe(8192);
    expect(parseKeyedValue(stat, "missing")).toBeNull();
    expect(parseKeyedValue("usage_usec 12", "usage_usec")).toBe(12);
  });

  it("turns memory limits into bytes or null for 'no limit' (v2 max, v1 2^63 − page)", () => {
    expect(parseMemoryLimit("max\n")).toBeNull();
    expect(parseMemoryLimit("9223372036854771712\n")).toBeNull();
    expect(parseMemoryLimit("67108864\n")).toBe(67_108_864);
    expect(parseMemoryLimit("")).toBeNull();
  });

  it("counts memory without the inactive page cache, as docker stats does", () => {
    expect(memoryWithoutInactiveFile(10_000, "inactive_file 3000\n", "inactive_file")).toBe(7_000);
    expect(memoryWithoutInactiveFile(10_000, "total_inactive_file 3000\ninactive_file 1\n", "total_inactive_file")).toBe(7_000);
    // more inactive cache than usage (racy reads): the usage as it is
    expect(memoryWithoutInactiveFile(1_000, "inactive_file 3000\n", "inactive_file")).toBe(1_000);
    expect(memoryWithoutInactiveFile(1_000, "", "inactive_file")).toBe(1_000);
  });

  it("reads the CPU limit in cores from cpu.max", () => {
    expect(parseCpuMax("max 100000\n")).toBeNull();
    expect(parseCpuMax("50000 100000\n")).toBe(0.5);
    expect(parseCpuMax("200000 100000\n")).toBe(2);
    expect(parseCpuMax("")).toBeNull();
  });

  it("sums block I/O over devices, ignoring totals and other operations", () => {
    expect(parseIoStat("8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n253:1 rbytes=5 wbytes=7 rios=1 wios=1\n")).toEqual({
      readBytes: 105,
      writeBytes: 207,
    });
    expect(parseIoStat("")).toEqual({ readBytes: 0, writeBytes: 0 });
    expect(parseBlkioServiceBytes("8:0 Read 100\n8:0 Write 200\n8:0 Sync 300\n8:0 Total 300\n8:16 Read 1\nTotal 301\n")).toEqual({
      readBytes: 101,
      writeBytes: 200,
    });
    expect(parseBlkioServiceBytes("Total 0\n")).toEqual({ readBytes: 0, writeBytes: 0 });
  });

  it("reads cgroup.procs and /proc/<pid>/cgroup", () => {
    expect(parseFirstPid("4242\n4250\n")).toBe(4242);
    expect(parseFirstPid("")).toBeNull();
    const v1 = "12:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n";
    expect(cgroupPathOf(v1, "cpuacct")).toBe("/docker/abc");
    expect(cgroupPathOf(v1, "memory")).toBe("/docker/abc");
    expect(cgroupPathOf(v1, "blkio")).toBeNull();
    expect(cgroupPathOf("0::/system.slice/docker-abc.scope\n", "")).toBe("/system.slice/docker-abc.scope");
  });
});

describe("cgroup reader", () => {
  const container = {
    ...NO_LIMITS,
    cpuUsageNs: 2_500_000_000,
    cpuQuota: { quotaUs: 50_000, periodUs: 100_000 },
    memoryUsageBytes: 100 * 2 ** 20,
    inactiveFileBytes: 20 * 2 ** 20,
    memoryLimitBytes: 256 * 2 ** 20,
    readBytes: 4096,
    writeBytes: 8192,
    pids: [4242, 4250],
  };
  const expected = {
    cpuUsageNs: 2_500_000_000,
    cpuLimitCores: 0.5,
    memoryUsedBytes: 80 * 2 ** 20,
    memoryLimitBytes: 256 * 2 ** 20,
    blockReadBytes: 4096,
    blockWriteBytes: 8192,
  };

  it.each([1, 2] as const)("detects cgroup v%i and reads a container's counters and pid", async (version) => {
    const m = machine(version);
    m.writeContainer(ID, container);
    expect(await detectCgroupVersion(m.cgroupRoot)).toBe(version);
    const cgroup = cgroupAt(version, m.cgroupRoot, `/docker/${ID}`);
    expect(await readCgroupCounters(cgroup, readText)).toEqual(expected);
    expect(await cgroupPid(cgroup, readText)).toBe(4242);
  });

  it.each([1, 2] as const)("v%i: no limits read as null; a removed cgroup reads as gone", async (version) => {
    const m = machine(version);
    m.writeContainer(ID, { ...container, cpuQuota: null, memoryLimitBytes: null });
    const cgroup = cgroupAt(version, m.cgroupRoot, `/docker/${ID}`);
    expect(await readCgroupCounters(cgroup, readText)).toMatchObject({ cpuLimitCores: null, memoryLimitBytes: null });
    m.removeContainer(ID);
    expect(await readCgroupCounters(cgroup, readText)).toBeNull();
    expect(await cgroupPid(cgroup, readText)).toBeNull();
  });

  it("finds no hierarchy in an empty directory", async () => {
    const m = machine(2);
    expect(await detectCgroupVersion(`${m.root}/nothing`)).toBeNull();
  });
});
