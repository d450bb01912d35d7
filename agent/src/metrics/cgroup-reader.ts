/**
 * Reads a container's counters from its cgroup files, cgroup v2 or v1, under a root directory
 * (/sys/fs/cgroup; a fixture directory in tests). Which version the machine runs is decided once:
 * v2 has cgroup.controllers at the root; v1 (and the "hybrid" layout, whose unified hierarchy
 * carries no controllers) has one hierarchy per controller (cpuacct, cpu, memory, blkio).
 */
import { access } from "node:fs/promises";
import path from "node:path";
import {
  cpuQuotaCores,
  memoryWithoutInactiveFile,
  parseBlkioServiceBytes,
  parseCpuMax,
  parseFirstPid,
  parseIoStat,
  parseKeyedValue,
  parseMemoryLimit,
  parseSingleNumber,
  type BlockBytes,
} from "./cgroup-parse";

export type ReadText = (file: string) => Promise<string>;
export type CgroupVersion = 1 | 2;

/** A container's cgroup: one directory (v2), or its directory in each v1 hierarchy. */
export type ContainerCgroup = { version: 2; dir: string } | { version: 1; cpuacct: string; cpu: string; memory: string; blkio: string };

export type CgroupCounters = {
  cpuUsageNs: number;
  /** The CPU quota in cores; null without one. */
  cpuLimitCores: number | null;
  memoryUsedBytes: number;
  /** null without a limit. */
  memoryLimitBytes: number | null;
  blockReadBytes: number;
  blockWriteBytes: number;
};

export type V1Controller = "cpuacct" | "cpu" | "memory" | "blkio";

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

export async function detectCgroupVersion(cgroupRoot: string): Promise<CgroupVersion | null> {
  if (await exists(path.join(cgroupRoot, "cgroup.controllers"))) return 2;
  if (await exists(path.join(cgroupRoot, "cpuacct", "cpuacct.usage"))) return 1;
  return null;
}

/** The cgroup at `relative` ("/docker/<id>") under each hierarchy; v1 paths may differ per controller. */
export function cgroupAt(
  version: CgroupVersion,
  cgroupRoot: string,
  relative: string | ((controller: V1Controller) => string),
): ContainerCgroup {
  const under = (controller: V1Controller) =>
    path.join(cgroupRoot, controller, typeof relative === "string" ? relative : relative(controller));
  if (version === 2) return { version, dir: path.join(cgroupRoot, typeof relative === "string" ? relative : relative("cpuacct")) };
  return { version, cpuacct: under("cpuacct"), cpu: under("cpu"), memory: under("memory"), blkio: under("blkio") };
}

/** Whether the cgroup exists (its CPU accounting file is there). */
export function cgroupExists(cgroup: ContainerCgroup): Promise<boolean> {
  return exists(cgroup.version === 2 ? path.join(cgroup.dir, "cpu.stat") : path.join(cgroup.cpuacct, "cpuacct.usage"));
}

/** A pid of the cgroup (from cgroup.procs), null when it has none or is gone. */
export async function cgroupPid(cgroup: ContainerCgroup, read: ReadText): Promise<number | null> {
  const dir = cgroup.version === 2 ? cgroup.dir : cgroup.cpuacct;
  return parseFirstPid(await read(path.join(dir, "cgroup.procs")).catch(() => ""));
}

function isMissing(error: unknown): boolean {
  const code: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
  return code === "ENOENT" || code === "ENODEV";
}

/**
 * The container's counters; null when its cgroup is gone (it stopped since the engine listed it).
 * A file other than the CPU one that is missing (a controller not enabled) reads as 0 / no limit.
 */
export async function readCgroupCounters(cgroup: ContainerCgroup, read: ReadText): Promise<CgroupCounters | null> {
  const optional = (file: string) => read(file).catch((error: unknown) => (isMissing(error) ? "" : Promise.reject(error)));
  try {
    return cgroup.version === 2 ? await readV2(cgroup.dir, read, optional) : await readV1(cgroup, read, optional);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function readV2(dir: string, read: ReadText, optional: ReadText): Promise<CgroupCounters | null> {
  const file = (name: string) => path.join(dir, name);
  const [cpuStat, cpuMax, current, memoryStat, memoryMax, ioStat] = await Promise.all([
    read(file("cpu.stat")),
    optional(file("cpu.max")),
    optional(file("memory.current")),
    optional(file("memory.stat")),
    optional(file("memory.max")),
    optional(file("io.stat")),
  ]);
  const usageUsec = parseKeyedValue(cpuStat, "usage_usec");
  if (usageUsec === null) return null;
  return counters({
    cpuUsageNs: usageUsec * 1000,
    cpuLimitCores: parseCpuMax(cpuMax),
    memoryUsage: parseSingleNumber(current),
    memoryStat,
    inactiveKey: "inactive_file",
    memoryLimitBytes: parseMemoryLimit(memoryMax),
    block: parseIoStat(ioStat),
  });
}

async function readV1(
  cgroup: Extract<ContainerCgroup, { version: 1 }>,
  read: ReadText,
  optional: ReadText,
): Promise<CgroupCounters | null> {
  const [usage, quota, period, memoryUsage, memoryStat, memoryLimit, blkio] = await Promise.all([
    read(path.join(cgroup.cpuacct, "cpuacct.usage")),
    optional(path.join(cgroup.cpu, "cpu.cfs_quota_us")),
    optional(path.join(cgroup.cpu, "cpu.cfs_period_us")),
    optional(path.join(cgroup.memory, "memory.usage_in_bytes")),
    optional(path.join(cgroup.memory, "memory.stat")),
    optional(path.join(cgroup.memory, "memory.limit_in_bytes")),
    optional(path.join(cgroup.blkio, "blkio.throttle.io_service_bytes")),
  ]);
  const usageNs = parseSingleNumber(usage);
  if (usageNs === null) return null;
  return counters({
    cpuUsageNs: usageNs,
    cpuLimitCores: cpuQuotaCores(Number(quota.trim() || NaN), Number(period.trim() || NaN)),
    memoryUsage: parseSingleNumber(memoryUsage),
    memoryStat,
    inactiveKey: "total_inactive_file",
    memoryLimitBytes: parseMemoryLimit(memoryLimit),
    block: parseBlkioServiceBytes(blkio),
  });
}

type CounterParts = Pick<CgroupCounters, "cpuUsageNs" | "cpuLimitCores" | "memoryLimitBytes"> & {
  memoryUsage: number | null;
  memoryStat: string;
  inactiveKey: "inactive_file" | "total_inactive_file";
  block: BlockBytes;
};

function counters({
  cpuUsageNs,
  cpuLimitCores,
  memoryUsage,
  memoryStat,
  inactiveKey,
  memoryLimitBytes,
  block,
}: CounterParts): CgroupCounters {
  return {
    cpuUsageNs,
    cpuLimitCores,
    memoryUsedBytes: memoryUsage === null ? 0 : memoryWithoutInactiveFile(memoryUsage, memoryStat, inactiveKey),
    memoryLimitBytes,
    blockReadBytes: block.readBytes,
    blockWriteBytes: block.writeBytes,
  };
}
