/**
 * Real Wharf processes for integration tests: gateway, worker and agents, each a child process
 * with its output kept in a log file (printed when a test fails to help diagnose).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
export { waitFor } from "../wait-for";

export const ROOT = path.resolve(__dirname, "../../..");
const LOG_DIR = path.join(ROOT, ".wharf/test-results/processes");
mkdirSync(LOG_DIR, { recursive: true });

export type Proc = ChildProcess & { logFile: string; exited: Promise<number | null>; output: () => string };

const running = new Set<Proc>();

export function startProcess(name: string, args: string[], env: Record<string, string> = {}, stdin?: string): Proc {
  const logFile = path.join(LOG_DIR, `${name}-${Date.now()}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  // Resolves once the process exited AND everything it wrote is in the log file ("exit" can come
  // before the last output has been read from its pipes, so output() would miss the last lines).
  const exited = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      if (out.writableFinished) return resolve(code);
      out.once("finish", () => resolve(code));
      out.end();
    }),
  );
  const proc = Object.assign(child, { logFile, exited, output: () => readFileSync(logFile, "utf8") });
  running.add(proc);
  void exited.then(() => running.delete(proc));
  return proc;
}

export async function stopProcess(proc: Proc, signal: NodeJS.Signals = "SIGTERM", timeoutMs = 20_000): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return code;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => stopProcess(p, "SIGTERM", 10_000)));
}

/** The control plane's background processes, on a port of their own. */
/**
 * The gateway's and workers' bundles (scripts/build-services.mjs), as up.sh runs them; scripts/test.sh
 * builds them before the tests, so they are this checkout's code.
 */
export function serviceArgs(service: "gateway" | "worker"): string[] {
  const bundle = path.join(ROOT, `.wharf/services/${service}.cjs`);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run the tests through \`npm test\` (it runs scripts/build-services.mjs)`);
  return ["--enable-source-maps", bundle];
}

export function startGateway(port: number, extra: Record<string, string> = {}): Proc {
  return startProcess("gateway", serviceArgs("gateway"), {
    WHARF_PROCESS: "gateway",
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: "127.0.0.1",
    GATEWAY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...extra,
  });
}

export function startWorker(extra: Record<string, string> = {}): Proc {
  return startProcess("worker", serviceArgs("worker"), { WHARF_PROCESS: "worker", ...extra });
}

export const AGENT_BUNDLE = path.join(ROOT, ".wharf/agent/wharf-agent.mjs");

export type AgentOptions = {
  url: string;
  token?: string;
  stateDir: string;
  dockerSocket: string;
  advertiseAddr?: string;
  name: string;
  extra?: string[];
};

/** The agent exactly as the install command's Node.js variant runs it: the bundle and flags, the token piped in. */
export function startAgent(o: AgentOptions): Proc {
  const args = [AGENT_BUNDLE, "--url", o.url, "--state-dir", o.stateDir, "--docker-socket", o.dockerSocket, "--log-level", "debug"];
  if (o.token) args.push("--token-file", "/dev/stdin");
  if (o.advertiseAddr) args.push("--advertise-addr", o.advertiseAddr);
  return startProcess(`agent-${o.name}`, [...args, ...(o.extra ?? [])], {}, o.token ? `${o.token}\n` : undefined);
}

export async function gatewayHealthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
  } catch {
    return false;
  }
}
