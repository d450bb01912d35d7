/**
 * Pumps one service's log stream from the engine to the control plane: demultiplex (unless the
 * service has a TTY), parse each line, batch, send. Ends with a last message (ended: true, and
 * `error` on failure) when the engine ends the stream (follow=false), when the service is removed
 * — Docker keeps a followed stream open after that, so the stream polls for the service — or on
 * logs.stop. Everything is event-driven: no command slot or heartbeat waits on a stream. A
 * chatty service is throttled (the engine's stream is paused once a second's byte budget is
 * spent), so one stream cannot flood the connection that also carries heartbeats and results.
 */
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { Logger } from "../log/logger";
import { scrubSecrets } from "../log/redact";
import { DockerFrameDecoder } from "./docker-frame-decoder";
import { LineBatcher } from "./line-batcher";
import { parseLogLine } from "./log-line";
import type { RunningStream, StreamLine, StreamSlot } from "./stream-hub";

export type ServiceLogStreamOptions = {
  slot: StreamSlot;
  source: Readable;
  /** A TTY service's stream is raw text, not multiplexed. */
  tty: boolean;
  /** Polled while following; false once the service is gone. */
  serviceExists?: () => Promise<boolean>;
  log: Logger;
  pollMs?: number;
  flushMs?: number;
  maxLines?: number;
  /** Text bytes per second this stream may send before its source is paused for the rest of the second. */
  maxBytesPerSecond?: number;
};

const MAX_ERROR_CHARS = 2000;
const WINDOW_MS = 1000;

export function startServiceLogStream(options: ServiceLogStreamOptions): RunningStream {
  const { slot, source, log } = options;
  let finished = false;
  let poller: NodeJS.Timeout | undefined;
  let resumer: NodeJS.Timeout | undefined;
  const budget = options.maxBytesPerSecond ?? 1024 * 1024;
  let windowStart = Date.now();
  let windowBytes = 0;
  const batcher = new LineBatcher({ emit: (lines) => deliver({ lines }), flushMs: options.flushMs, maxLines: options.maxLines });
  const frames = new DockerFrameDecoder();
  // a TTY stream may cut lines (and UTF-8 characters) anywhere: keep the unfinished line
  const ttyText = new StringDecoder("utf8");
  let ttyPartial = "";

  function deliver(part: { lines: StreamLine[]; ended?: boolean; error?: string }): void {
    if (!slot.send(part)) {
      if (!finished) finish({ silent: true });
      return;
    }
    throttle(part.lines);
  }

  function throttle(lines: StreamLine[]): void {
    const now = Date.now();
    if (now - windowStart >= WINDOW_MS) {
      windowStart = now;
      windowBytes = 0;
    }
    for (const line of lines) windowBytes += line.text.length;
    if (windowBytes < budget || finished || resumer) return;
    source.pause();
    resumer = setTimeout(
      () => {
        resumer = undefined;
        windowStart = Date.now();
        windowBytes = 0;
        if (!finished) source.resume();
      },
      WINDOW_MS - (now - windowStart),
    );
  }

  function addText(text: string, stream: StreamLine["stream"]): void {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    for (const line of lines) batcher.add(parseLogLine(line, stream));
  }

  function onData(chunk: Buffer | string): void {
    if (finished) return;
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (options.tty) {
      const text = ttyPartial + ttyText.write(bytes);
      const cut = text.lastIndexOf("\n");
      ttyPartial = cut < 0 ? text : text.slice(cut + 1);
      if (cut >= 0) addText(text.slice(0, cut + 1), "stdout");
      return;
    }
    let decoded;
    try {
      decoded = frames.push(bytes);
    } catch (error) {
      return finish({ error: error instanceof Error ? error.message : String(error) });
    }
    for (const frame of decoded) {
      // the daemon reports a failure inside the stream on the "system" channel
      if (frame.stream === "system")
        return finish({ error: frame.payload.toString("utf8").trim() || "the engine reported an error in the log stream" });
      addText(frame.payload.toString("utf8"), frame.stream);
    }
  }

  function finish({ error, silent = false }: { error?: string; silent?: boolean } = {}): void {
    if (finished) return;
    finished = true;
    clearInterval(poller);
    clearTimeout(resumer);
    source.removeListener("data", onData);
    source.destroy();
    if (options.tty) {
      const rest = ttyPartial + ttyText.end();
      if (rest) addText(rest, "stdout");
    }
    const lines = batcher.take();
    if (!silent)
      slot.send(
        error === undefined ? { lines, ended: true } : { lines, ended: true, error: scrubSecrets(error).slice(0, MAX_ERROR_CHARS) },
      );
    slot.release();
    if (error) log.warn("log stream failed", { streamId: slot.id, error });
    else log.info("log stream ended", { streamId: slot.id });
  }

  source.on("data", onData);
  source.on("end", () => finish());
  source.on("close", () => finish());
  source.on("error", (error: Error) => finish({ error: `the log stream broke: ${error.message}` }));

  const serviceExists = options.serviceExists;
  let polling = false;
  if (serviceExists) {
    poller = setInterval(() => {
      if (polling || finished) return;
      polling = true;
      serviceExists()
        .then((exists) => {
          if (!exists) finish();
        })
        .catch((error: unknown) => log.debug("log stream: service check failed", { streamId: slot.id, error }))
        .finally(() => (polling = false));
    }, options.pollMs ?? 2_000);
  }

  return { stop: () => finish() };
}
