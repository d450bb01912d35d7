/**
 * Parsers for the cgroup files a container's usage is read from, cgroup v1 and v2. Pure: text in,
 * numbers out; a file that does not hold what it should gives null (or 0 for the sums), never NaN.
 */

/** Memory limits at or above this mean "no limit" (v1 writes 2^63 rounded down to a page). */
const UNLIMITED_BYTES = 2 ** 60;

function finite(value: number): number | null {
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** A file holding one number ("33276669\n"). */
export function parseSingleNumber(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : finite(Number(trimmed));
}

/** A "key value" line of a flat keyed file (cpu.stat, memory.stat). */
export function parseKeyedValue(text: string, key: string): number | null {
  const prefix = `${key} `;
  const line = text.startsWith(prefix) ? 0 : text.indexOf(`\n${prefix}`) + 1;
  if (line === 0 && !text.startsWith(prefix)) return null;
  const end = text.indexOf("\n", line);
  return parseSingleNumber(text.slice(line + prefix.length, end < 0 ? undefined : end));
}

/** v2 memory.max or v1 memory.limit_in_bytes: null when unlimited ("max", or v1's 2^63 − page). */
export function parseMemoryLimit(text: string): number | null {
  const value = text.trim() === "max" ? null : parseSingleNumber(text);
  return value === null || value >= UNLIMITED_BYTES ? null : value;
}

/**
 * Memory in use as `docker stats` counts it: the usage minus the inactive page cache, which the
 * kernel reclaims first (v1 memory.stat total_inactive_file, v2 inactive_file).
 */
export function memoryWithoutInactiveFile(usage: number, memoryStat: string, key: "total_inactive_file" | "inactive_file"): number {
  const inactive = parseKeyedValue(memoryStat, key);
  return inactive !== null && inactive < usage ? usage - inactive : usage;
}

/** v2 cpu.max: "max 100000" (no limit) or "<quota> <period>" in µs; the limit in cores. */
export function parseCpuMax(text: string): number | null {
  const [quota, period] = text.trim().split(/\s+/);
  if (quota === undefined || quota === "max") return null;
  return cpuQuotaCores(Number(quota), Number(period));
}

/** v1 cpu.cfs_quota_us / cpu.cfs_period_us (−1: no limit); the limit in cores. */
export function cpuQuotaCores(quotaUs: number, periodUs: number): number | null {
  if (!Number.isFinite(quotaUs) || !Number.isFinite(periodUs) || quotaUs <= 0 || periodUs <= 0) return null;
  return quotaUs / periodUs;
}

export type BlockBytes = { readBytes: number; writeBytes: number };

/** v2 io.stat, one line per device: "8:0 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0". */
export function parseIoStat(text: string): BlockBytes {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split("\n")) {
    for (const field of line.trim().split(/\s+/).slice(1)) {
      const [key, value] = field.split("=");
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) continue;
      if (key === "rbytes") readBytes += n;
      else if (key === "wbytes") writeBytes += n;
    }
  }
  return { readBytes, writeBytes };
}

/** v1 blkio.throttle.io_service_bytes: "8:0 Read 4096", "8:0 Write 0", …, "Total 4096". */
export function parseBlkioServiceBytes(text: string): BlockBytes {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split("\n")) {
    const [device, op, value] = line.trim().split(/\s+/);
    const n = Number(value);
    if (!device || device === "Total" || !Number.isFinite(n) || n < 0) continue;
    if (op === "Read") readBytes += n;
    else if (op === "Write") writeBytes += n;
  }
  return { readBytes, writeBytes };
}

/** The first pid of a cgroup.procs file (null when the cgroup has no process). */
export function parseFirstPid(text: string): number | null {
  const first = text.split("\n", 1)[0]?.trim() ?? "";
  const pid = Number(first);
  return first !== "" && Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * /proc/<pid>/cgroup: "0::/system.slice/docker-<id>.scope" (v2) or one line per v1 hierarchy,
 * "4:memory:/docker/<id>", "2:cpu,cpuacct:/docker/<id>". The path of `controller`; "" selects the
 * v2 line.
 */
export function cgroupPathOf(procCgroup: string, controller: string): string | null {
  for (const line of procCgroup.split("\n")) {
    const first = line.indexOf(":");
    const second = line.indexOf(":", first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const matches = controller === "" ? controllers === "" : controllers.split(",").includes(controller);
    if (matches) return line.slice(second + 1).trim() || null;
  }
  return null;
}
