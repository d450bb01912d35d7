/**
 * Log collection's start and stop for the agent process: the buffer under <stateDir>/logs, the
 * collection (runs until the agent stops, across reconnects) and the shipper the sessions attach.
 */
import path from "node:path";
import type { EngineConnection } from "../docker/engine-connection";
import type { Logger } from "../log/logger";
import { LogBuffer } from "./log-buffer";
import { LogCollection, type LogCollectionOptions } from "./log-collection";
import { LogShipper, type LogsChannel } from "./log-shipper";
import { createLogsEngine } from "./logs-engine";

export type StartLogCollectionOptions = {
  stateDir: string;
  bufferBytes: number;
  batchesPerMinute: number;
  engine: EngineConnection;
  log: Logger;
  signal: AbortSignal;
  /** Test seam: polling and discovery intervals, where /proc is. */
  tuning?: Pick<LogCollectionOptions, "pollMs" | "discoveryMs" | "retireIdleMs" | "procRoot">;
};

export type RunningLogCollection = {
  channel: LogsChannel;
  /** Resolves once collection stopped (after the signal) and the buffer is flushed and closed. */
  stopped: Promise<void>;
};

/** Null when the buffer cannot be opened: the agent runs on without log collection. */
export async function startLogCollection(options: StartLogCollectionOptions): Promise<RunningLogCollection | null> {
  const log = options.log.child({ component: "logs" });
  let buffer: LogBuffer;
  try {
    buffer = await LogBuffer.open({ dir: path.join(options.stateDir, "logs"), maxBytes: options.bufferBytes, log });
  } catch (error) {
    log.error("cannot open the log buffer; log collection is off until the agent restarts", { error });
    return null;
  }
  const shipper = new LogShipper({ buffer, log, batchesPerMinute: options.batchesPerMinute });
  const collection = new LogCollection({ engine: createLogsEngine(options.engine), buffer, log, ...options.tuning });
  const stopped = collection
    .run(options.signal)
    .catch((error: unknown) => log.error("log collection stopped", { error }))
    .then(() => buffer.close());
  return { channel: shipper, stopped };
}
