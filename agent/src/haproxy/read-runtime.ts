/** What the running HAProxy of one load balancer holds: its servers and their traffic counters. */
import { CommandError } from "../commands/command-error";
import type { LbPaths } from "./lb-paths";
import type { RuntimeServer } from "./plan-pool";
import { parseServersState, parseStat, statNumber, type StatRow } from "./runtime-parse";
import { socketCommand, SocketUnavailableError } from "./runtime-socket";

export type RuntimeSnapshot = {
  servers: RuntimeServer[];
  /** `show stat` rows of servers, by `backend/server`. */
  stats: Map<string, StatRow>;
  /** Current sessions by `backend/server`. */
  sessions: Map<string, number>;
};

export async function readRuntime(paths: LbPaths): Promise<RuntimeSnapshot> {
  let serversText: string;
  let statText: string;
  try {
    [serversText, statText] = await Promise.all([
      socketCommand(paths.adminSocket, "show servers state"),
      socketCommand(paths.adminSocket, "show stat"),
    ]);
  } catch (error) {
    if (error instanceof SocketUnavailableError) throw new CommandError("HAPROXY_UNAVAILABLE", error.message);
    throw error;
  }
  const stats = new Map<string, StatRow>();
  for (const row of parseStat(statText)) {
    if (row.svname === "FRONTEND" || row.svname === "BACKEND") continue;
    stats.set(`${row.pxname}/${row.svname}`, row);
  }
  const sessions = new Map([...stats].map(([key, row]) => [key, statNumber(row, "scur")]));
  return { servers: parseServersState(serversText), stats, sessions };
}
