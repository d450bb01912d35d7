/**
 * Waiting for command results: one subscription to the results channel per process, and a map of
 * waiters by command id. The database stays the record; the channel only makes waiting fast.
 */
import { busKeys } from "./keys";
import { commandDoneSchema, type CommandDone } from "./messages";
import { subscribeSealed } from "./sealed";

const globalForResults = globalThis as unknown as {
  wharfResultWaiters?: Map<string, Set<(done: CommandDone) => void>>;
  wharfResultsReady?: Promise<unknown>;
};

function waiters() {
  globalForResults.wharfResultWaiters ??= new Map();
  return globalForResults.wharfResultWaiters;
}

/** Must be awaited before publishing a command whose result we wait for (no lost wake-ups). */
export function listenForResults(): Promise<unknown> {
  // Only results sealed by a gateway count: a result written straight into Redis wakes no one.
  globalForResults.wharfResultsReady ??= subscribeSealed(busKeys.resultsChannel(), commandDoneSchema, (done) => {
    for (const resolve of waiters().get(done.id) ?? []) resolve(done);
  });
  return globalForResults.wharfResultsReady;
}

/** Resolves with the result message, or null after timeoutMs. */
export function waitForResult(id: string, timeoutMs: number): { promise: Promise<CommandDone | null>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<CommandDone | null>((resolve) => {
    const set = waiters().get(id) ?? new Set();
    waiters().set(id, set);
    const done = (value: CommandDone | null) => {
      clearTimeout(timer);
      set.delete(done);
      if (set.size === 0) waiters().delete(id);
      resolve(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    set.add(done);
    cancel = () => done(null);
  });
  return { promise, cancel };
}
