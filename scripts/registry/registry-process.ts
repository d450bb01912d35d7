/**
 * One `docker-registry serve` child on a Unix socket: start (and wait until it answers), stop
 * gracefully (Distribution drains requests for http.draintimeout), restart with another config,
 * and restart after a crash. Its output is copied line by line with secrets redacted
 * (Distribution logs the notification headers, which carry the shared secret).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import http from "node:http";
import readline from "node:readline";

export type RegistryProcessOptions = {
  binary: string;
  socketPath: string;
  secrets: string[];
  output: (line: string) => void;
  note: (message: string, extra?: Record<string, unknown>) => void;
};

export function redact(line: string, secrets: string[]): string {
  let out = line;
  for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
  return out;
}

/** True once something answers HTTP on the socket (401 from /v2/ with token auth on). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath, path: "/v2/", method: "GET", timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

export class RegistryProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private planned = false;
  private restarts = 0;
  private crashTimer: NodeJS.Timeout | undefined;
  config = "";
  startedAt = 0;

  constructor(private readonly o: RegistryProcessOptions) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(config: string): Promise<void> {
    this.config = config;
    this.planned = false;
    if (existsSync(this.o.socketPath)) rmSync(this.o.socketPath, { force: true }); // left by a killed registry
    // A minimal environment: Distribution reads REGISTRY_* variables as config overrides, and it
    // needs none of Wharf's settings or secrets.
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/" } as unknown as NodeJS.ProcessEnv;
    const child = spawn(this.o.binary, ["serve", config], { stdio: ["ignore", "pipe", "pipe"], env });
    this.child = child;
    this.startedAt = Date.now();
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) readline.createInterface({ input: stream }).on("line", (l) => this.o.output(redact(l, this.o.secrets)));
    }
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        if (this.child === child) this.child = null;
        this.o.note("registry exited", { code, signal, planned: this.planned });
        if (!this.planned) this.scheduleCrashRestart();
        resolve();
      });
    });
    const deadline = Date.now() + 20_000;
    while (!(await answers(this.o.socketPath))) {
      if (!this.child || this.child !== child) throw new Error("docker-registry exited during start-up (see its output above)");
      if (Date.now() > deadline) throw new Error("docker-registry did not answer on its socket within 20 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    this.o.note("registry ready", { pid: child.pid, config });
  }

  /** SIGTERM (Distribution drains in-flight requests), SIGKILL after a grace period. */
  async stop(graceMs = 15_000): Promise<void> {
    clearTimeout(this.crashTimer);
    const child = this.child;
    if (!child) return;
    this.planned = true;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  async restart(config: string): Promise<void> {
    await this.stop();
    await this.start(config);
  }

  private scheduleCrashRestart() {
    const delay = Math.min(15_000, 500 * 2 ** this.restarts++);
    if (Date.now() - this.startedAt > 60_000) this.restarts = 0;
    this.o.note("restarting registry after a crash", { delayMs: delay });
    this.crashTimer = setTimeout(() => {
      this.start(this.config).catch((err: unknown) => {
        this.o.note("registry restart failed", { error: String(err) });
        this.scheduleCrashRestart();
      });
    }, delay);
  }
}
