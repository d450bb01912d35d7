/**
 * Test support: a machine's /sys/fs/cgroup and /proc as files in a temporary directory, laid out
 * as cgroup v1 or v2 hosts lay them out, so the reader's two code paths run against real files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type FixtureContainer = {
  cpuUsageNs: number;
  /** µs quota and period; null: no CPU limit. */
  cpuQuota: { quotaUs: number; periodUs: number } | null;
  memoryUsageBytes: number;
  inactiveFileBytes: number;
  memoryLimitBytes: number | null;
  readBytes: number;
  writeBytes: number;
  pids: number[];
  rxBytes: number;
  txBytes: number;
};

export type FixtureNode = {
  cpuBusy: number;
  cpuIdle: number;
  memTotalKb: number;
  memAvailableKb: number;
  load1: number;
  rxBytes: number;
  txBytes: number;
};

export const NO_LIMITS: FixtureContainer = {
  cpuUsageNs: 0,
  cpuQuota: null,
  memoryUsageBytes: 0,
  inactiveFileBytes: 0,
  memoryLimitBytes: null,
  readBytes: 0,
  writeBytes: 0,
  pids: [],
  rxBytes: 0,
  txBytes: 0,
};

/** The node a fresh machine starts with: 8 GiB of memory, 6 GiB of it available, no CPU or network counted yet. */
export const IDLE_NODE: FixtureNode = {
  cpuBusy: 0,
  cpuIdle: 0,
  memTotalKb: 8 * 1024 * 1024,
  memAvailableKb: 6 * 1024 * 1024,
  load1: 0.5,
  rxBytes: 0,
  txBytes: 0,
};

const V1_UNLIMITED = "9223372036854771712";

export class FixtureMachine {
  readonly root = mkdtempSync(path.join(os.tmpdir(), "wharf-metrics-fixture-"));
  readonly cgroupRoot = path.join(this.root, "sys/fs/cgroup");
  readonly procRoot = path.join(this.root, "proc");

  constructor(readonly version: 1 | 2) {
    if (version === 2)
      this.write(this.cgroupRoot, { "cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n", "cpu.stat": "usage_usec 1\n" });
    else
      for (const controller of ["cpuacct", "cpu", "memory", "blkio"])
        this.write(path.join(this.cgroupRoot, controller), controller === "cpuacct" ? { "cpuacct.usage": "1\n" } : {});
    this.writeNode(IDLE_NODE);
  }

  /** Writes (or rewrites) a container's cgroup at `relative` (default /docker/<id>) and its processes' /proc. */
  writeContainer(id: string, c: FixtureContainer, relative = `/docker/${id}`): void {
    const procs = c.pids.map((pid) => `${pid}\n`).join("");
    if (this.version === 2) {
      this.write(path.join(this.cgroupRoot, relative), {
        "cpu.stat": `usage_usec ${Math.round(c.cpuUsageNs / 1000)}\nuser_usec 0\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n`,
        "cpu.max": c.cpuQuota ? `${c.cpuQuota.quotaUs} ${c.cpuQuota.periodUs}\n` : "max 100000\n",
        "memory.current": `${c.memoryUsageBytes}\n`,
        "memory.stat": `anon 4096\nfile ${c.inactiveFileBytes * 2}\nactive_anon 0\ninactive_anon 4096\nactive_file ${c.inactiveFileBytes}\ninactive_file ${c.inactiveFileBytes}\nunevictable 0\n`,
        "memory.max": c.memoryLimitBytes === null ? "max\n" : `${c.memoryLimitBytes}\n`,
        // split over two devices, which the reader must add up
        "io.stat": `8:0 rbytes=${half(c.readBytes)} wbytes=${c.writeBytes} rios=3 wios=4 dbytes=0 dios=0\n253:0 rbytes=${c.readBytes - half(c.readBytes)} wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n`,
        "cgroup.procs": procs,
      });
    } else {
      const dir = (controller: string) => path.join(this.cgroupRoot, controller, relative);
      this.write(dir("cpuacct"), { "cpuacct.usage": `${c.cpuUsageNs}\n`, "cgroup.procs": procs });
      this.write(dir("cpu"), {
        "cpu.cfs_quota_us": `${c.cpuQuota?.quotaUs ?? -1}\n`,
        "cpu.cfs_period_us": `${c.cpuQuota?.periodUs ?? 100000}\n`,
        "cgroup.procs": procs,
      });
      this.write(dir("memory"), {
        "memory.usage_in_bytes": `${c.memoryUsageBytes}\n`,
        "memory.stat": `cache ${c.inactiveFileBytes * 2}\nrss 4096\ninactive_file ${c.inactiveFileBytes}\ntotal_cache ${c.inactiveFileBytes * 2}\ntotal_rss 4096\ntotal_inactive_file ${c.inactiveFileBytes}\n`,
        "memory.limit_in_bytes": c.memoryLimitBytes === null ? `${V1_UNLIMITED}\n` : `${c.memoryLimitBytes}\n`,
        "cgroup.procs": procs,
      });
      this.write(dir("blkio"), {
        "blkio.throttle.io_service_bytes": `8:0 Read ${c.readBytes}\n8:0 Write ${c.writeBytes}\n8:0 Sync 0\n8:0 Async ${c.readBytes + c.writeBytes}\n8:0 Discard 0\n8:0 Total ${c.readBytes + c.writeBytes}\nTotal ${c.readBytes + c.writeBytes}\n`,
        "cgroup.procs": procs,
      });
    }
    for (const pid of c.pids) {
      const procCgroup =
        this.version === 2
          ? `0::${relative}\n`
          : `12:memory:${relative}\n4:blkio:${relative}\n3:cpu,cpuacct:${relative}\n1:name=systemd:${relative}\n0::/\n`;
      this.write(path.join(this.procRoot, String(pid)), { cgroup: procCgroup });
      this.write(path.join(this.procRoot, String(pid), "net"), {
        dev: netDev([
          ["lo", 999, 999],
          ["eth0", half(c.rxBytes), c.txBytes],
          ["eth1", c.rxBytes - half(c.rxBytes), 0],
        ]),
      });
    }
  }

  removeContainer(id: string, relative = `/docker/${id}`): void {
    const dirs =
      this.version === 2
        ? [path.join(this.cgroupRoot, relative)]
        : ["cpuacct", "cpu", "memory", "blkio"].map((c) => path.join(this.cgroupRoot, c, relative));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }

  removeProcess(pid: number): void {
    rmSync(path.join(this.procRoot, String(pid)), { recursive: true, force: true });
  }

  writeNode(n: FixtureNode): void {
    this.write(this.procRoot, {
      stat: `cpu  ${n.cpuBusy} 0 0 ${n.cpuIdle} 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n`,
      meminfo: `MemTotal:       ${n.memTotalKb} kB\nMemFree:         1000 kB\nMemAvailable:   ${n.memAvailableKb} kB\n`,
      loadavg: `${n.load1} 0.30 0.20 1/100 1234\n`,
    });
    this.write(path.join(this.procRoot, "net"), {
      dev: netDev([
        ["lo", 5000, 5000],
        ["eth0", n.rxBytes, n.txBytes],
        ["docker0", 777, 777],
        ["veth12ab", 888, 888],
        ["br-0123abcd", 999, 999],
        ["docker_gwbridge", 111, 111],
      ]),
    });
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private write(dir: string, files: Record<string, string>): void {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  }
}

const half = (n: number) => Math.floor(n / 2);

/** /proc/net/dev text: [interface, rx bytes, tx bytes] rows. */
export function netDev(rows: Array<[string, number, number]>): string {
  const head =
    "Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";
  return head + rows.map(([name, rx, tx]) => `${name.padStart(6)}: ${rx} 10 0 0 0 0 0 0 ${tx} 12 0 0 0 0 0 0\n`).join("");
}
