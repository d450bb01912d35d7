import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "../docker/engine-schemas";
import { TASK_SERVICE_LABEL } from "../docker/object-labels";
import { containerReport } from "./container-report";
import { cpuPercentBetween, createHostUsageSampler, parseCpuTimes, parseMemInfo } from "./host-usage";

const PROC: Record<string, string[]> = {
  "/proc/stat": ["cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 1 1 1\n", "cpu  250 0 150 900 0 0 0 0 0 0\n"],
  "/proc/meminfo": ["MemTotal:       16000 kB\nMemFree:         1000 kB\nMemAvailable:    4000 kB\n"],
  "/proc/loadavg": ["0.42 0.30 0.20 1/100 1234\n"],
};

describe("host usage", () => {
  it("parses /proc/stat, /proc/meminfo and computes CPU % between samples", () => {
    expect(parseCpuTimes("cpu  100 5 100 800 20 0 0 0 7 0\n")).toEqual({ busy: 205, total: 1025 });
    expect(parseMemInfo(PROC["/proc/meminfo"]?.[0] ?? "")).toEqual({ totalBytes: 16000 * 1024, availableBytes: 4000 * 1024 });
    expect(cpuPercentBetween({ busy: 200, total: 1000 }, { busy: 400, total: 1300 })).toBe(66.7);
    expect(cpuPercentBetween({ busy: 1, total: 1 }, { busy: 1, total: 1 })).toBe(0);
  });

  it("samples: 0 % first, then the delta", async () => {
    const reads: Record<string, number> = {};
    const sampler = createHostUsageSampler(async (file) => {
      const versions = PROC[file] ?? [""];
      const at = reads[file] ?? 0;
      reads[file] = at + 1;
      return versions[Math.min(at, versions.length - 1)] ?? "";
    });
    expect(await sampler.sample()).toEqual({ cpuPercent: 0, memoryUsedBytes: 12000 * 1024, memoryTotalBytes: 16000 * 1024, load1: 0.42 });
    expect((await sampler.sample()).cpuPercent).toBe(66.7); // busy +200 of total +300
  });
});

describe("container report", () => {
  const container = (state: string, status: string, service?: string): ContainerSummary => ({
    Id: Math.random().toString(36),
    State: state,
    Status: status,
    Labels: service ? { [TASK_SERVICE_LABEL]: service } : {},
  });

  it("counts running, total, unhealthy and running tasks per service", () => {
    expect(
      containerReport([
        container("running", "Up 2 minutes (healthy)", "web"),
        container("running", "Up 1 minute (unhealthy)", "web"),
        container("running", "Up 5 seconds", "api"),
        container("exited", "Exited (0) 1 hour ago", "api"),
        container("running", "Up 3 hours"),
      ]),
    ).toEqual({ running: 4, total: 5, unhealthy: 1, services: { web: 2, api: 1 } });
  });
});
