/**
 * Turns a container's log stream (GET /containers/{id}/logs?timestamps=1) into lines and the
 * position to resume from. Each engine message starts with its timestamp; without a TTY every
 * message is one multiplexed frame (stdout or stderr), and a line over the engine's 16 KiB comes as
 * several messages, the last one ending in a newline. With a TTY the stream is raw text.
 *
 * Position: the timestamp of the last message taken into a line and how many messages carried it
 * (`since` resumes AT that instant, inclusive, so the first `n` of them are skipped on resume).
 * Positions advance only when no line is unfinished, so a restart never loses the start of a line.
 */
import { StringDecoder } from "node:string_decoder";
import { MAX_LOG_LINE_BYTES } from "@/lib/protocol/logs";
import { DockerFrameDecoder } from "../streams/docker-frame-decoder";
import { cutLine, normalizeTimestamp, nowTimestamp } from "./log-text";
import type { StdoutPosition } from "./positions";

export type StdoutLine = { stream: "stdout" | "stderr"; ts: string; text: string; truncated: boolean };
export type ReaderOutput = { lines: StdoutLine[]; position: StdoutPosition | null };

type Partial = { ts: string; text: string; cut: boolean };
type Stream = StdoutLine["stream"];

export class StdoutStreamError extends Error {
  override name = "StdoutStreamError";
}

const TS_PREFIX = /^(\S+) /;

export class StdoutReader {
  private readonly frames = new DockerFrameDecoder();
  private readonly tty = new StringDecoder("utf8");
  private ttyRest = "";
  private readonly partial: Record<Stream, Partial | null> = { stdout: null, stderr: null };
  private resume: StdoutPosition | null;
  private skipped = 0;
  private current: StdoutPosition;

  constructor(
    from: StdoutPosition | null,
    private readonly isTty: boolean,
  ) {
    this.resume = from?.ts ? from : null;
    this.current = { ts: from?.ts ?? "", n: from?.n ?? 0 };
  }

  /** The lines completed by `chunk` and the position after them (null: unchanged). */
  push(chunk: Buffer): ReaderOutput {
    const out: ReaderOutput = { lines: [], position: null };
    if (this.isTty) {
      const text = this.ttyRest + this.tty.write(chunk);
      const lines = text.split("\n");
      this.ttyRest = lines.pop() ?? "";
      for (const line of lines) this.message("stdout", `${line}\n`, out);
      return out;
    }
    for (const frame of this.frames.push(chunk)) {
      if (frame.stream === "system")
        throw new StdoutStreamError(frame.payload.toString("utf8").trim() || "the engine reported an error in the log stream");
      this.message(frame.stream, frame.payload.toString("utf8"), out);
    }
    return out;
  }

  /** The stream ended: unfinished lines are complete now. */
  end(): ReaderOutput {
    const out: ReaderOutput = { lines: [], position: null };
    if (this.isTty) {
      const rest = this.ttyRest + this.tty.end();
      this.ttyRest = "";
      if (rest) this.message("stdout", rest, out);
    }
    for (const stream of ["stdout", "stderr"] as const) {
      const pending = this.partial[stream];
      if (pending) this.emit(stream, pending, out);
      this.partial[stream] = null;
    }
    if (out.lines.length > 0) out.position = { ...this.current };
    return out;
  }

  private message(stream: Stream, raw: string, out: ReaderOutput): void {
    const stamp = TS_PREFIX.exec(raw);
    const ts = (stamp && normalizeTimestamp(stamp[1] as string)) ?? null;
    const text = ts && stamp ? raw.slice(stamp[0].length) : raw;
    if (ts && this.skip(ts)) return;
    const at = ts ?? nowTimestamp();
    if (at === this.current.ts) this.current.n++;
    else this.current = { ts: at, n: 1 };
    const pieces = text.split("\n");
    const rest = pieces.pop() ?? "";
    for (const piece of pieces) {
      const pending = this.partial[stream];
      this.partial[stream] = null;
      this.emit(stream, pending ? append(pending, piece) : { ts: at, text: piece, cut: false }, out);
    }
    if (rest) {
      const pending = this.partial[stream];
      this.partial[stream] = pending ? append(pending, rest) : { ts: at, text: rest, cut: false };
    }
    if (!this.partial.stdout && !this.partial.stderr) out.position = { ...this.current };
  }

  /** While resuming: messages at or before the saved position were taken already. */
  private skip(ts: string): boolean {
    const resume = this.resume;
    if (!resume) return false;
    if (ts < resume.ts) return true;
    if (ts === resume.ts && this.skipped < resume.n) {
      this.skipped++;
      return true;
    }
    this.resume = null;
    return false;
  }

  private emit(stream: Stream, line: Partial, out: ReaderOutput): void {
    const { text, truncated } = cutLine(line.text);
    out.lines.push({ stream, ts: line.ts, text, truncated: truncated || line.cut });
  }
}

/** Joins a message to an unfinished line, keeping at most a little more than a line may hold. */
function append(pending: Partial, more: string): Partial {
  const room = MAX_LOG_LINE_BYTES + 1 - pending.text.length;
  if (room <= 0) return { ...pending, cut: true };
  return { ...pending, text: pending.text + more.slice(0, room), cut: pending.cut || more.length > room };
}
