/**
 * Parsers for what HAProxy 2.6's runtime API and master CLI answer (pure): `show servers state`,
 * `show stat` (CSV), `show proc`, `show info`.
 */
import type { AdminState, RuntimeServer } from "./plan-pool";

// srv_admin_state bits (HAProxy 2.6 include/haproxy/server-t.h)
const ADMIN_MAINT = 0x01 | 0x02 | 0x04 | 0x20 | 0x40; // forced, inherited, config, resolution, hostname
const ADMIN_DRAIN = 0x08 | 0x10; // forced, inherited

const SRV_ST_STOPPED = 0;
const SRV_ST_STOPPING = 3;

function table(text: string, headerPrefix: string, separator: RegExp | string): Record<string, string>[] {
  const lines = text.split("\n");
  const headerLine = lines.find((l) => l.startsWith(headerPrefix));
  if (!headerLine) return [];
  const header = headerLine.slice(headerPrefix.length).trim().split(separator);
  return lines
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => l.trim().split(separator))
    .filter((cells) => cells.length >= header.length)
    .map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])));
}

export const adminState = (bits: number): AdminState => (bits & ADMIN_MAINT ? "maint" : bits & ADMIN_DRAIN ? "drain" : "ready");

/** `show servers state` (format version 1): one row per server of every backend. */
export function parseServersState(text: string): RuntimeServer[] {
  return table(text, "# ", /\s+/).map((row) => {
    const op = Number(row.srv_op_state);
    return {
      backend: row.be_name ?? "",
      name: row.srv_name ?? "",
      address: row.srv_addr ?? "",
      fqdn: row.srv_fqdn && row.srv_fqdn !== "-" ? row.srv_fqdn : null,
      port: Number(row.srv_port),
      weight: Number(row.srv_uweight),
      admin: adminState(Number(row.srv_admin_state)),
      up: op !== SRV_ST_STOPPED && op !== SRV_ST_STOPPING,
    };
  });
}

export type StatRow = Record<string, string>;

/** `show stat`: CSV rows keyed by column name (pxname, svname, scur, stot, hrsp_5xx…). */
export function parseStat(text: string): StatRow[] {
  return table(text, "# ", ",");
}

export const statNumber = (row: StatRow | undefined, column: string): number => {
  const n = Number(row?.[column]);
  return Number.isFinite(n) ? n : 0;
};

export type ProcInfo = {
  masterPid: number;
  reloads: number;
  failed: number;
  workers: { pid: number; reloads: number }[];
  oldWorkers: number[];
};

/** The master CLI's `show proc`; null when the answer is not one (the master is re-executing). */
export function parseShowProc(text: string): ProcInfo | null {
  let section: "head" | "workers" | "old" | "programs" = "head";
  let master: { pid: number; reloads: number; failed: number } | null = null;
  const workers: ProcInfo["workers"] = [];
  const oldWorkers: number[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("# workers")) section = "workers";
    else if (line.startsWith("# old workers")) section = "old";
    else if (line.startsWith("# programs")) section = "programs";
    if (line.startsWith("#") || line.trim() === "") continue;
    const cells = line.trim().split(/\s+/);
    const pid = Number(cells[0]);
    const reloads = Number(cells[2]);
    if (!Number.isInteger(pid)) continue;
    if (section === "head" && cells[1] === "master") master = { pid, reloads, failed: Number(/\[failed: (\d+)\]/.exec(line)?.[1] ?? 0) };
    else if (section === "workers" && cells[1] === "worker") workers.push({ pid, reloads });
    else if (section === "old" && cells[1] === "worker") oldWorkers.push(pid);
  }
  return master ? { masterPid: master.pid, reloads: master.reloads, failed: master.failed, workers, oldWorkers } : null;
}

/** The worker's pid from `show info`. */
export function parseInfoPid(text: string): number | null {
  const match = /^Pid: (\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}
