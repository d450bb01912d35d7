/**
 * The live processes a test run started: every process scripts/test.sh starts inherits the run's
 * WHARF_TEST_RUN mark, so /proc tells them apart from anything else on the machine (a developer's
 * running installation, another run). Used by the leftovers check and by teardowns that stop what
 * their run started.
 */
import { readdirSync, readFileSync } from "node:fs";

export type MarkedProcess = { pid: string; cmdline: string[] };

/** Processes whose environment holds WHARF_TEST_RUN=<run>, except `skip` (e.g. the caller's ancestors). */
export function processesOfRun(run: string, skip: ReadonlySet<string> = new Set()): MarkedProcess[] {
  const mark = `WHARF_TEST_RUN=${run}`;
  const found: MarkedProcess[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p) && !skip.has(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(mark)) continue;
      found.push({ pid, cmdline: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean) });
    } catch {
      // it ended while being read
    }
  }
  return found;
}
