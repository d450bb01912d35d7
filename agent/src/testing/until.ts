/** Polls `check` until it holds, for tests of timers and streams; fails naming `what` once `timeoutMs` has passed. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 2_000, everyMs = 5 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
