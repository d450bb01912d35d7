/**
 * The window LoadBalancerDriver.stats reports pool figures over. Ten minutes at most: what the
 * HAProxy agents keep (lib/protocol/haproxy.ts HAPROXY_STATS_WINDOW_MS holds the same bounds).
 */
import { AppError } from "@/lib/errors";
import type { StatsOptions } from "./types";

export const STATS_WINDOW_MS = { default: 5_000, max: 600_000 } as const;

/** The window asked for (default 5 s), refused unless a whole number of ms in 1..600 000. */
export function statsWindowMs(options: StatsOptions = {}): number {
  const ms = options.windowMs ?? STATS_WINDOW_MS.default;
  if (!Number.isInteger(ms) || ms < 1 || ms > STATS_WINDOW_MS.max) {
    throw new AppError(
      "INVALID_INPUT",
      `The stats window must be a whole number of milliseconds from 1 to ${STATS_WINDOW_MS.max}, not ${ms}`,
    );
  }
  return ms;
}
