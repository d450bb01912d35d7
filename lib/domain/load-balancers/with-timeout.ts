/** The value, or the error message: a live read from a balancer never fails the whole answer. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Runs `read` with a deadline; a timeout or a throw becomes an error message (never rethrown). */
export async function settle<T>(read: () => Promise<T>, timeoutMs: number, what: string): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${(timeoutMs / 1000).toFixed(1)} s`)), timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([read(), deadline]) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
