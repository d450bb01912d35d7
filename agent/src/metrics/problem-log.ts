/**
 * Sampling runs every few seconds: a problem that lasts (the engine down, a cgroup the agent cannot
 * see) is logged when it starts and when it ends, not on every tick.
 */
import type { Logger, LogFields } from "../log/logger";

export type ProblemLog = {
  /** Logs a warning the first time `kind` fails (again only after `recovered(kind)`). */
  failed(kind: string, message: string, fields?: LogFields): void;
  /** Logs once that `kind` works again, if it had failed. */
  recovered(kind: string, message: string): void;
};

export function createProblemLog(log: Logger): ProblemLog {
  const failing = new Set<string>();
  return {
    failed(kind, message, fields) {
      if (failing.has(kind)) return;
      failing.add(kind);
      log.warn(message, fields);
    },
    recovered(kind, message) {
      if (failing.delete(kind)) log.info(message);
    },
  };
}
