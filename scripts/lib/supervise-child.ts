/**
 * Runs a component's binary as this process's only child (Prometheus, Alertmanager): forwards
 * SIGTERM/SIGINT/SIGHUP, kills it after a grace period when it does not stop (both flush state to
 * disk on SIGTERM, but a stuck one is not waited for forever), and exits with its exit code.
 */
import { spawn } from "node:child_process";
import type { Logger } from "@/lib/logger";

export function superviseChild(
  binary: string,
  args: string[],
  { name, log, graceMs = 20_000 }: { name: string; log: Logger; graceMs?: number },
) {
  const child = spawn(binary, args, { stdio: ["ignore", "inherit", "inherit"] });
  let killTimer: NodeJS.Timeout | undefined;
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(signal, () => {
      child.kill(signal);
      if (signal !== "SIGHUP") killTimer ??= setTimeout(() => child.kill("SIGKILL"), graceMs);
    });
  }
  child.on("error", (err) => {
    log.fatal({ err }, `${name} could not be started`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    clearTimeout(killTimer);
    log.info({ code, signal }, `${name} exited`);
    process.exit(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1));
  });
  return child;
}
