/**
 * The one glob matcher for patterns users write (retention rules' repository globs, wildcards in
 * classic scheduling constraints). It lives in lib/protocol so the control plane and the agent
 * share it.
 *
 * Semantics (those of the regular expressions it replaces, minus their cost):
 * - the pattern matches the WHOLE subject;
 * - `*` matches any run of characters, including none and including `/` (no path segments; the
 *   old `.*` stopped at line breaks, which repository names, host names and labels never hold);
 * - `?` matches exactly one character (one UTF-16 code unit);
 * - every other character matches itself, case-sensitively; there are no escapes, classes or braces.
 *
 * It never builds a regular expression from user input: a backtracking regex for `*a*a*a…*b`
 * takes exponential time (issue 9, finding 4). This is the iterative two-pointer algorithm: on a
 * mismatch it only retries from the most recent `*`, so the work is at most
 * (subject length + 1) × (pattern length + 1) steps, whatever the pattern.
 */

/** Counts the loop iterations of a match; for tests that bound the work done. */
export type GlobMeter = { steps: number };

export function matchGlob(pattern: string, subject: string, meter?: GlobMeter): boolean {
  let p = 0;
  let s = 0;
  let star = -1; // index in the pattern of the last `*` seen
  let resume = 0; // subject index that `*` is currently assumed to stretch to
  let steps = 0;
  while (s < subject.length) {
    steps++;
    const c = pattern[p];
    if (c === "*") {
      star = p++;
      resume = s;
    } else if (c !== undefined && (c === "?" || c === subject[s])) {
      p++;
      s++;
    } else if (star >= 0) {
      // let the last `*` swallow one more character and retry what follows it
      p = star + 1;
      s = ++resume;
    } else {
      if (meter) meter.steps += steps;
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  if (meter) meter.steps += steps;
  return p === pattern.length;
}

/** How many `*` a pattern holds; schemas bound it so stored patterns stay readable and cheap. */
export function countStars(pattern: string): number {
  let n = 0;
  for (const c of pattern) if (c === "*") n++;
  return n;
}

/** The most `*` wildcards a user pattern may hold (retention globs, constraint values). */
export const MAX_GLOB_STARS = 10;
