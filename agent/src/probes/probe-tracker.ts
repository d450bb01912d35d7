/**
 * The probe state of one task container, in the agent's memory (pure: the runner does the I/O).
 * The first probe is due `initialDelaySeconds` after the container started, then one every
 * `intervalSeconds` after the previous one ended. A success resets the failure count; the
 * `failureThreshold`-th failure in a row asks for the container to be killed, once.
 */
import type { ProbeDeclaration, ProbeState } from "@/lib/protocol/probe";
import type { ProbeResult } from "./probe-check";

export type ProbeTracker = {
  readonly probe: ProbeDeclaration;
  state: ProbeState;
  /** Consecutive failures since the last success. */
  failures: number;
  /** When the next probe may start (ms since the epoch). */
  nextAt: number;
  /** The last result's reason ("HTTP 500", "ECONNREFUSED"…). */
  detail: string | null;
  /** The kill was asked for: no more probes for this container. */
  killed: boolean;
};

export function createTracker(probe: ProbeDeclaration, startedAt: number): ProbeTracker {
  return { probe, state: "pending", failures: 0, nextAt: startedAt + probe.initialDelaySeconds * 1000, detail: null, killed: false };
}

export function isDue(tracker: ProbeTracker, now: number): boolean {
  return !tracker.killed && now >= tracker.nextAt;
}

/** Records one result (ended at `now`); true when the container must be killed now. */
export function recordResult(tracker: ProbeTracker, result: ProbeResult, now: number): boolean {
  tracker.detail = result.detail;
  tracker.nextAt = now + tracker.probe.intervalSeconds * 1000;
  if (result.ok) {
    tracker.failures = 0;
    tracker.state = "passing";
    return false;
  }
  tracker.failures += 1;
  tracker.state = "failing";
  if (tracker.killed || tracker.failures < tracker.probe.failureThreshold) return false;
  tracker.killed = true;
  return true;
}
