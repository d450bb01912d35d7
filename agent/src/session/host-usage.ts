/**
 * Host CPU, memory and load for heartbeats, read from /proc (Linux). CPU % is measured between
 * two samples, so the sampler keeps the previous reading; the first sample reports 0.
 */
import { readFile } from "node:fs/promises";
import type { Usage } from "@/lib/protocol";

type CpuTimes = { busy: number; total: number };
export type ReadText = (path: string) => Promise<string>;

export const readText: ReadText = (path) => readFile(path, "utf8");

/** The aggregate "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal … */
export function parseCpuTimes(stat: string): CpuTimes | null {
  const line = stat.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return null;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return null;
  // guest time is already counted in user, so only the first 8 columns add up to the total
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** MemTotal and MemAvailable from /proc/meminfo, in bytes. */
export function parseMemInfo(meminfo: string): { totalBytes: number; availableBytes: number } | null {
  const kib = (key: string) => {
    const match = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, "m").exec(meminfo);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  };
  const totalBytes = kib("MemTotal");
  const availableBytes = kib("MemAvailable") ?? kib("MemFree");
  return totalBytes === null || availableBytes === null ? null : { totalBytes, availableBytes };
}

export function cpuPercentBetween(previous: CpuTimes, current: CpuTimes): number {
  const total = current.total - previous.total;
  if (total <= 0) return 0;
  const percent = ((current.busy - previous.busy) / total) * 100;
  return Math.min(100, Math.max(0, Math.round(percent * 10) / 10));
}

export type HostUsageSampler = { sample(): Promise<Usage> };

/** `procRoot`: where /proc is (a fixture directory in tests). Each sampler keeps its own previous CPU reading. */
export function createHostUsageSampler(read: ReadText = readText, procRoot = "/proc"): HostUsageSampler {
  let previous: CpuTimes | null = null;
  return {
    async sample() {
      const [stat, meminfo, loadavg] = await Promise.all([
        read(`${procRoot}/stat`),
        read(`${procRoot}/meminfo`),
        read(`${procRoot}/loadavg`),
      ]);
      const cpu = parseCpuTimes(stat);
      const cpuPercent = cpu && previous ? cpuPercentBetween(previous, cpu) : 0;
      if (cpu) previous = cpu;
      const memory = parseMemInfo(meminfo);
      const load1 = Number(loadavg.split(/\s+/)[0]);
      return {
        cpuPercent,
        memoryUsedBytes: memory ? Math.max(0, memory.totalBytes - memory.availableBytes) : 0,
        memoryTotalBytes: memory?.totalBytes ?? 0,
        load1: Number.isFinite(load1) && load1 >= 0 ? load1 : 0,
      };
    },
  };
}
