/**
 * Follows one container's stdout and stderr into the buffer, from where it stopped last time (the
 * saved position), for every stdout store the container declares. Resolves when the engine ends
 * the stream (the container stopped, or `follow` was false and the log is read) or on abort; the
 * caller decides what comes next. When the buffer cannot write as fast as the engine sends, the
 * engine's stream is paused until it has caught up.
 */
import type { Readable } from "node:stream";
import type { Logger } from "../log/logger";
import type { LineMeta } from "./file-tail";
import type { LogBuffer, LogLineInput } from "./log-buffer";
import { sinceParameter } from "./log-text";
import type { LogsEngine } from "./logs-engine";
import { StdoutReader, type ReaderOutput } from "./stdout-reader";

export type StdoutFollowOptions = {
  engine: LogsEngine;
  buffer: LogBuffer;
  log: Logger;
  /** Full container id. */
  container: string;
  stores: string[];
  meta: LineMeta;
  tty: boolean;
  follow: boolean;
  signal: AbortSignal;
};

export type StdoutFollowEnd = { kind: "ended" } | { kind: "aborted" } | { kind: "failed"; error: unknown };

export async function followStdout(options: StdoutFollowOptions): Promise<StdoutFollowEnd> {
  const { engine, buffer, container, signal } = options;
  const saved = buffer.positions.stdout[container];
  const reader = new StdoutReader(saved ?? null, options.tty);
  let source: Readable;
  try {
    source = await engine.openLogs({ id: container, follow: options.follow, since: saved?.ts ? sinceParameter(saved.ts) : null, signal });
  } catch (error) {
    return signal.aborted ? { kind: "aborted" } : { kind: "failed", error };
  }
  const commit = ({ lines, position }: ReaderOutput): void => {
    if (lines.length === 0 && !position) return;
    const inputs: LogLineInput[] = [];
    for (const line of lines) {
      for (const store of options.stores) {
        const input: LogLineInput = { ts: line.ts, store, stream: line.stream, ...options.meta, text: line.text };
        if (line.truncated) input.truncated = true;
        inputs.push(input);
      }
    }
    buffer.commit(inputs, position ? (positions) => void (positions.stdout[container] = { ...position, finished: false }) : undefined);
  };
  let resumeOnDurable: (() => void) | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      source.on("data", (chunk: Buffer | string) => {
        try {
          commit(reader.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
        } catch (error) {
          return reject(error);
        }
        if (buffer.congested && !resumeOnDurable) {
          source.pause();
          const off = buffer.onDurable(() => {
            if (buffer.congested) return;
            off();
            resumeOnDurable = null;
            source.resume();
          });
          resumeOnDurable = off;
        }
      });
      source.on("end", resolve);
      source.on("close", resolve);
      source.on("error", reject);
    });
    // stopped by the agent: an unfinished line is read again, whole, next time
    if (signal.aborted) return { kind: "aborted" };
    commit(reader.end());
    return { kind: "ended" };
  } catch (error) {
    if (signal.aborted) return { kind: "aborted" };
    return { kind: "failed", error };
  } finally {
    (resumeOnDurable as (() => void) | null)?.();
    source.destroy();
  }
}
