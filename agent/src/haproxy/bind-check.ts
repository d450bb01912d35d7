/**
 * Before a reload adds a frontend, check that its address:port can be bound on this node: HAProxy
 * 2.6 only says a reload failed in its log, and a port taken by another process (or another load
 * balancer's HAProxy) or an address the node does not have is the common reason. A plain listen
 * without SO_REUSEPORT also fails on a port another HAProxy holds with it.
 */
import net from "node:net";
import { CommandError } from "../commands/command-error";
import type { LbState } from "./lb-state";

const REASONS: Record<string, string> = {
  EADDRINUSE: "the port is in use by another process (or another load balancer on this node)",
  EADDRNOTAVAIL: "the address is not one of this node's addresses",
  EACCES: "the agent may not bind this port (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
};

function tryBind(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/**
 * The ports a running HAProxy of this load balancer already holds: its new worker takes them over
 * (even on another bind address, the old worker's sockets would make a plain listen fail; if the
 * reload itself fails, the previous configuration is restored).
 */
export const portsOf = (state: LbState | null) => new Set((state?.listeners ?? []).map((l) => l.port));

/** Throws HAPROXY_BIND_FAILED for the first of `next`'s frontends (on a port not in `held`) that cannot be bound. */
export async function checkBinds(next: LbState, held: ReadonlySet<number>): Promise<void> {
  for (const l of next.listeners) {
    if (held.has(l.port)) continue;
    const code = await tryBind(next.settings.bindAddress, l.port);
    if (code)
      throw new CommandError(
        "HAPROXY_BIND_FAILED",
        `cannot listen on ${next.settings.bindAddress}:${l.port} (${l.protocol}): ${code}${REASONS[code] ? `: ${REASONS[code]}` : ""}`,
      );
  }
}

/**
 * Why HAProxy may have refused `state`'s frontends (it does not say why a reload failed): the
 * addresses it cannot listen on for a reason other than the port being held (by itself, maybe).
 */
export async function bindProblems(state: LbState): Promise<string[]> {
  const problems: string[] = [];
  for (const l of state.listeners) {
    const code = await tryBind(state.settings.bindAddress, l.port);
    if (code && code !== "EADDRINUSE")
      problems.push(`cannot listen on ${state.settings.bindAddress}:${l.port}: ${code}${REASONS[code] ? ` (${REASONS[code]})` : ""}`);
  }
  return problems;
}
