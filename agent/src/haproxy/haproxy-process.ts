/**
 * The HAProxy processes themselves: one master-worker per load balancer, started detached
 * (`-D`: its own session, reparented away from the agent) so it keeps serving when the agent,
 * the gateway or the whole control plane is down. The master CLI (`-S master.sock`) reloads it
 * seamlessly: the new worker takes the listening sockets over from the old one (`expose-fd
 * listeners` on the admin socket), which finishes its in-flight connections.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { open, readFile, stat, truncate } from "node:fs/promises";
import { CommandError } from "../commands/command-error";
import { sleep } from "../util/sleep";
import type { LbPaths } from "./lb-paths";
import { parseInfoPid, parseShowProc, type ProcInfo } from "./runtime-parse";
import { socketCommand, SocketUnavailableError } from "./runtime-socket";

/** Debian installs HAProxy in /usr/sbin, which is not on every user's PATH. */
export const defaultHaproxyBinary = () => (existsSync("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy");

type RunResult = { code: number | null; stdout: string; stderr: string; missing: boolean };

function run(binary: string, args: string[], timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (c: Buffer) => (stdout = (stdout + c.toString()).slice(-20_000)));
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: error.message, missing: error.code === "ENOENT" });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, missing: false });
    });
  });
}

const notInstalled = (binary: string) =>
  new CommandError(
    "HAPROXY_UNAVAILABLE",
    `HAProxy is not installed on this node (${binary} not found): install the haproxy package (apt-get install haproxy) on nodes labelled wharf.lb=true`,
  );

/** HAProxy's alert and warning lines, for error messages an operator can act on. */
export const alerts = (text: string) =>
  text
    .split("\n")
    .filter((l) => /\[(ALERT|WARNING)\]/.test(l))
    .map((l) => l.replace(/^\[(ALERT|WARNING)\]\s+\(\d+\)\s*:\s*/, "$1: ").trim())
    .join("\n")
    .slice(-3000);

/** "2.6.12-1+deb12u4", or null when HAProxy is not installed. */
export async function haproxyVersion(binary: string): Promise<string | null> {
  const result = await run(binary, ["-v"]);
  if (result.missing || result.code !== 0) return null;
  return /HAProxy version (\S+)/.exec(result.stdout)?.[1] ?? null;
}

/** `haproxy -c`: the configuration (and the certificates it names) must load. */
export async function checkConfig(binary: string, configPath: string): Promise<void> {
  const result = await run(binary, ["-c", "-f", configPath]);
  if (result.missing) throw notInstalled(binary);
  if (result.code !== 0)
    throw new CommandError(
      "HAPROXY_CONFIG_INVALID",
      `HAProxy refused the configuration: ${alerts(result.stdout + result.stderr) || (result.stdout + result.stderr).trim().slice(-2000)}`,
    );
}

/**
 * The pid of this load balancer's running master, or null. The pid file alone is not trusted: the
 * process must be alive, not a zombie, and an HAProxy started on this very config file.
 */
export async function masterPid(paths: LbPaths): Promise<number | null> {
  let pid: number;
  try {
    pid = Number((await readFile(paths.pidFile, "utf8")).trim().split("\n")[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 1) return null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => null);
    if (cmdline === null) return null; // gone
    if (cmdline !== "") {
      const args = cmdline.split("\0");
      return args.some((arg) => /haproxy$/.test(arg)) && args.includes(paths.config) ? pid : null;
    }
    // empty: a zombie, or a process that is still being set up (seen right after HAProxy daemonizes)
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
    if (stat === null || /^\d+ \(.*\) [ZX] /.test(stat)) return null;
    await sleep(10);
  }
  // alive and not a zombie: never start a second HAProxy on the same sockets on a guess
  return pid;
}

const MAX_LOG_BYTES = 1024 * 1024;

/** Starts the master (which forks the worker) from the config file; the caller made sure none runs. */
export async function startHaproxy(binary: string, paths: LbPaths): Promise<void> {
  // HAProxy keeps writing notices (reloads) to the stderr it was started with: a file, never the agent
  await truncate(paths.log).catch(() => undefined);
  const log = await open(paths.log, "a", 0o600);
  let result: { code: number | null; error?: NodeJS.ErrnoException };
  try {
    result = await new Promise((resolve) => {
      const child = spawn(binary, ["-W", "-S", `${paths.masterSocket},mode,600`, "-f", paths.config, "-p", paths.pidFile, "-D"], {
        stdio: ["ignore", log.fd, log.fd],
        detached: true,
      });
      child.on("error", (error: NodeJS.ErrnoException) => resolve({ code: null, error }));
      child.on("exit", (code) => resolve({ code }));
    });
  } finally {
    await log.close();
  }
  if (result.error?.code === "ENOENT") throw notInstalled(binary);
  if (result.code !== 0) {
    const output = await readFile(paths.log, "utf8").catch(() => "");
    throw new CommandError(
      "HAPROXY_START_FAILED",
      `HAProxy did not start: ${alerts(output) || result.error?.message || `exit code ${result.code}`}`,
    );
  }
  // the daemonized master writes its pid file once it runs; a busy machine may take a moment
  for (let i = 0; i < 250 && !(await masterPid(paths)); i++) await sleep(20);
  if (!(await masterPid(paths))) {
    const output = await readFile(paths.log, "utf8").catch(() => "");
    throw new CommandError(
      "HAPROXY_START_FAILED",
      `HAProxy started but its master process is gone${alerts(output) ? `: ${alerts(output)}` : ""}`,
    );
  }
}

/** Keeps HAProxy's log file bounded (it grows by a few lines per reload). */
export async function trimLog(paths: LbPaths): Promise<void> {
  const info = await stat(paths.log).catch(() => null);
  if (info && info.size > MAX_LOG_BYTES) await truncate(paths.log).catch(() => undefined);
}

async function showProc(paths: LbPaths): Promise<ProcInfo | null> {
  try {
    return parseShowProc(await socketCommand(paths.masterSocket, "show proc", 2_000));
  } catch {
    return null;
  }
}

/** The current worker's pid (`show info` on the admin socket), or null when it does not answer. */
export async function workerPid(paths: LbPaths): Promise<number | null> {
  try {
    return parseInfoPid(await socketCommand(paths.adminSocket, "show info", 2_000));
  } catch (error) {
    if (error instanceof SocketUnavailableError) return null;
    throw error;
  }
}

/**
 * Seamless reload through the master CLI. Succeeds when a new worker serves; a refused config
 * leaves the old worker serving (the master says so: the old worker stays current, one reload more).
 */
export async function reloadHaproxy(paths: LbPaths, timeoutMs = 15_000): Promise<number> {
  const before = await showProc(paths);
  if (!before) throw new CommandError("HAPROXY_UNAVAILABLE", `HAProxy's master CLI ${paths.masterSocket} does not answer`);
  const oldWorkers = new Set(before.workers.map((w) => w.pid));
  const logBefore = (await stat(paths.log).catch(() => null))?.size ?? 0;
  // the master re-executes itself: the connection may close without an answer
  await socketCommand(paths.masterSocket, "reload", 5_000).catch(() => "");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(50);
    const now = await showProc(paths);
    if (!now) continue;
    const fresh = now.workers.find((w) => !oldWorkers.has(w.pid));
    if (fresh) {
      // runtime API commands must reach the new worker, not the old one on its way out
      while (Date.now() < deadline && (await workerPid(paths)) !== fresh.pid) await sleep(20);
      return fresh.pid;
    }
    if (now.reloads > before.reloads && now.workers.every((w) => oldWorkers.has(w.pid))) {
      const output = (await readFile(paths.log, "utf8").catch(() => "")).slice(logBefore);
      throw new CommandError(
        "HAPROXY_RELOAD_FAILED",
        `HAProxy refused to reload (the previous configuration keeps serving): ${alerts(output) || "no new worker started"}`,
      );
    }
  }
  throw new CommandError("HAPROXY_RELOAD_FAILED", `HAProxy did not bring up a new worker within ${Math.round(timeoutMs / 1000)} s`);
}

/** Stops the master and its workers (hard stop); resolves once it is gone. */
export async function stopHaproxy(paths: LbPaths): Promise<void> {
  const pid = await masterPid(paths);
  if (!pid) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 100 && (await masterPid(paths)); i++) await sleep(50);
  const still = await masterPid(paths);
  if (still) process.kill(still, "SIGKILL");
}
