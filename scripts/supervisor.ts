/**
 * Keeps Wharf's processes running: console (next start), workers, gateway and the local agent.
 * A crashed child is restarted with backoff; SIGTERM stops every child gracefully (workers finish
 * their active jobs) before the supervisor exits. Started in the background by scripts/up.sh.
 *
 * Usage: tsx scripts/supervisor.ts <state-dir> <name>=<command> [<name>=<command> ...]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

type Child = { name: string; command: string; proc: ChildProcess | null; restarts: number; startedAt: number; timer?: NodeJS.Timeout };

const [stateDir, ...specs] = process.argv.slice(2);
if (!stateDir || specs.length === 0) {
  process.stderr.write("usage: supervisor.ts <state-dir> name=command ...\n");
  process.exit(2);
}
const logDir = path.join(stateDir, "logs");
mkdirSync(logDir, { recursive: true });
mkdirSync(path.join(stateDir, "run"), { recursive: true });
const pidFile = path.join(stateDir, "run", "supervisor.pid");
writeFileSync(pidFile, String(process.pid));

const supervisorLog = createWriteStream(path.join(logDir, "supervisor.log"), { flags: "a" });
const note = (msg: string) => supervisorLog.write(`${new Date().toISOString()} ${msg}\n`);

let stopping = false;
const children: Child[] = specs.map((spec) => {
  const eq = spec.indexOf("=");
  return { name: spec.slice(0, eq), command: spec.slice(eq + 1), proc: null, restarts: 0, startedAt: 0 };
});

function start(child: Child) {
  const out = createWriteStream(path.join(logDir, `${child.name}.log`), { flags: "a" });
  child.startedAt = Date.now();
  // A process group per child, so stopping it also stops what it spawned (npx → node).
  const proc = spawn("sh", ["-c", `exec ${child.command}`], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WHARF_PROCESS: processKind(child.name) },
  });
  proc.stdout?.pipe(out);
  proc.stderr?.pipe(out);
  child.proc = proc;
  note(`started ${child.name} pid=${proc.pid}`);
  proc.on("exit", (code, signal) => {
    child.proc = null;
    note(`${child.name} exited code=${code} signal=${signal}`);
    if (stopping) return;
    // Reset the backoff once a child has stayed up for a minute.
    if (Date.now() - child.startedAt > 60_000) child.restarts = 0;
    const delay = Math.min(15_000, 1000 * 2 ** child.restarts++);
    note(`restarting ${child.name} in ${delay} ms`);
    child.timer = setTimeout(() => start(child), delay);
  });
}

function processKind(name: string): string {
  return ["console", "worker", "gateway"].includes(name) ? name : "script";
}

function signalGroup(child: Child, signal: NodeJS.Signals) {
  if (!child.proc?.pid) return;
  try {
    process.kill(-child.proc.pid, signal);
  } catch {
    // already gone
  }
}

async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  note(`stopping on ${signal}`);
  for (const child of children) {
    clearTimeout(child.timer);
    signalGroup(child, "SIGTERM");
  }
  const deadline = Date.now() + 25_000;
  while (children.some((c) => c.proc) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const child of children) signalGroup(child, "SIGKILL");
  rmSync(pidFile, { force: true });
  note("stopped");
  supervisorLog.end(() => process.exit(0));
}

process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
for (const child of children) start(child);
