/**
 * Follows the engine's event stream for as long as the agent runs. The stream breaks when the
 * engine restarts (or the socket goes away): it is opened again with jittered backoff, and every
 * time it opens `onOpen` runs, because whatever happened while it was closed was never seen.
 */
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { engineEventSchema, type EngineEvent } from "../docker/containers-api";
import type { Logger } from "../log/logger";
import { Backoff } from "../session/backoff";
import { sleep } from "../util/sleep";

export type WatchEngineEventsOptions = {
  open: (signal: AbortSignal) => Promise<Readable>;
  onEvent: (event: EngineEvent) => void;
  onOpen: () => void;
  log: Logger;
  signal: AbortSignal;
  backoff?: Backoff;
  /** A stream that stayed open this long resets the backoff. */
  stableAfterMs?: number;
};

/** An event line longer than this is not one the engine sends; it is dropped with the rest of its line. */
const MAX_LINE_CHARS = 256 * 1024;

/** Resolves once `signal` aborts; never rejects. */
export async function watchEngineEvents(options: WatchEngineEventsOptions): Promise<void> {
  const { log, signal } = options;
  const backoff = options.backoff ?? new Backoff({ initialMs: 200, maxMs: 10_000 });
  const stableAfterMs = options.stableAfterMs ?? 10_000;
  while (!signal.aborted) {
    let openedAt: number | null = null;
    try {
      const stream = await options.open(signal);
      openedAt = Date.now();
      if (backoff.attempts > 0) log.info("engine event stream open again", { attempts: backoff.attempts });
      options.onOpen();
      await readEvents(stream, options.onEvent, log);
      if (!signal.aborted) log.warn("the engine closed its event stream; reopening");
    } catch (error) {
      if (signal.aborted) break;
      log.warn("engine event stream failed; reopening", { error, attempt: backoff.attempts + 1 });
    }
    if (openedAt !== null && Date.now() - openedAt >= stableAfterMs) backoff.reset();
    await sleep(backoff.next(), signal).catch(() => undefined);
  }
}

/** Newline-delimited JSON events until the stream ends; lines that are not events are skipped. */
async function readEvents(stream: Readable, onEvent: (event: EngineEvent) => void, log: Logger): Promise<void> {
  const decoder = new StringDecoder("utf8");
  let partial = "";
  for await (const chunk of stream) {
    partial += typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    if (partial.length > MAX_LINE_CHARS) partial = "";
    for (const line of lines) {
      const event = parseEvent(line);
      if (event) onEvent(event);
      else if (line.trim()) log.debug("engine event skipped (not an event)", { bytes: line.length });
    }
  }
}

export function parseEvent(line: string): EngineEvent | null {
  if (!line.trim()) return null;
  try {
    const parsed = engineEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
