/** Runs once when the Next.js server starts: fail at boot on bad configuration, not at first use. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertEnv } = await import("./lib/env");
    assertEnv();
  }
}
