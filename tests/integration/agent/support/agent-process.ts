// Builds the agent bundle once and runs it as a real child process, collecting its JSON log lines.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** Bundles agent/src/main.ts into `outfile` with agent/build.mjs (the production build). */
export async function buildAgentBundle(outfile: string): Promise<string> {
  await promisify(execFile)(process.execPath, [path.join(ROOT, "agent/build.mjs"), "--outfile", outfile, "--quiet"], {
    cwd: ROOT,
    timeout: 60_000,
  });
  return outfile;
}

export type LogLine = { level: string; msg: string } & Record<string, unknown>;

export class AgentProcess {
  readonly child: ChildProcess;
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;

  /** `wrap`: a command the agent runs under, e.g. ["nsenter", "--net=/run/netns/wharf-x"] to put it on a netns node. */
  constructor(bundle: string, args: string[], env: Record<string, string> = {}, wrap: string[] = []) {
    const [command, ...argv] = [...wrap, process.execPath, bundle, ...args];
    // a clean environment: nothing from the test runner (DATABASE_URL…) reaches the agent
    this.child = spawn(command ?? process.execPath, argv, {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (chunk: Buffer) => (this.stdout += chunk.toString("utf8")));
    this.child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  /** Parsed JSON log lines (stderr); anything else is kept as a raw line. */
  logs(): LogLine[] {
    return this.stderr
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        try {
          return JSON.parse(line) as LogLine;
        } catch {
          return { level: "raw", msg: line };
        }
      });
  }

  async exitCode(timeoutMs = 15_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`agent did not exit within ${timeoutMs} ms; log:\n${this.stderr}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}
