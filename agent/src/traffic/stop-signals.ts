/**
 * Does a `kill` event mean "this task is being stopped"? The engine emits `kill` for every signal
 * it delivers: the stop of a task (its stop signal, then SIGKILL after the grace period) but also
 * `docker kill -s HUP` to make a server reload. Signals that only ever stop a process count at
 * once; any other counts when it is the container's own stop signal (nginx stops on SIGQUIT,
 * Apache on SIGWINCH), which the reporter reads from the engine.
 */

/** Linux signal numbers (x86/arm, what engines run on), by name without the SIG prefix. */
const SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  IOT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  POLL: 29,
  PWR: 30,
  SYS: 31,
};

/** SIGINT, SIGQUIT, SIGKILL, SIGTERM: nobody sends these to a server to keep it running. */
const ALWAYS_STOPPING = new Set([2, 3, 9, 15]);

/** "SIGQUIT", "quit", "3" → 3; null for anything else (real-time signals included: never a stop signal here). */
export function signalNumber(signal: string): number | null {
  const text = signal.trim().toUpperCase();
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 64 ? n : null;
  }
  return SIGNALS[text.replace(/^SIG/, "")] ?? null;
}

/** True / false when the signal alone decides; "ask" when the container's stop signal must be compared. */
export function killMeansStop(signal: string | undefined): boolean | "ask" {
  // An event without the attribute comes from an engine we do not know: the safe side is to drain.
  if (signal === undefined) return true;
  const n = signalNumber(signal);
  if (n === null) return true;
  return ALWAYS_STOPPING.has(n) ? true : "ask";
}

export function sameSignal(a: string, b: string): boolean {
  const x = signalNumber(a);
  return x !== null && x === signalNumber(b);
}
