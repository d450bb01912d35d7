/**
 * Runs once when the Next.js server starts, before it serves requests: fail at boot on bad
 * configuration, not at first use; install the edge hook (lib/http/edge-hook.ts) that records each
 * request's peer address and marks the requests proxy.ts answers.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertEnv } = await import("./lib/env");
    assertEnv();
    const { installEdgeHook } = await import("./lib/http/edge-hook");
    installEdgeHook();
  }
}
