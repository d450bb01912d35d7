/**
 * The agent's open streams (logs.start), by stream id: at most `maxStreams` at once, each
 * sending "stream" messages through the sink of the current connection. A stream outlives the
 * command that started it but not the connection: when the connection closes every stream is
 * stopped, since nothing it produces could be delivered (the control plane starts new ones).
 */
import type { AgentMessage } from "@/lib/protocol";
import { CommandError } from "../commands/command-error";

export type StreamMessage = Extract<AgentMessage, { type: "stream" }>;
export type StreamLine = StreamMessage["lines"][number];
export type StreamSink = (message: StreamMessage) => void;

/** A stream that is open: stop() ends it (sending its last lines with ended: true if it still can). */
export type RunningStream = { stop(): void };

export type StreamSlot = {
  readonly id: string;
  /** Aborted when the stream is stopped or the connection closes; ends the engine request. */
  readonly signal: AbortSignal;
  /** Sends a message of this stream; false when it cannot be delivered (the stream should end). */
  send(part: { lines: StreamLine[]; ended?: boolean; error?: string }): boolean;
  /** The stream is open: logs.stop and a closing connection now reach it. */
  activate(stream: RunningStream): void;
  /** The stream is over (ended by itself, or never opened): frees the id and the place. */
  release(): void;
};

type Entry = { controller: AbortController; stream: RunningStream | null };

export const MAX_STREAMS = 20;

export class StreamHub {
  private sink: StreamSink | null = null;
  private readonly entries = new Map<string, Entry>();

  constructor(readonly maxStreams = MAX_STREAMS) {}

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The session's outlet for stream messages, while its connection is open. */
  attach(sink: StreamSink): void {
    this.sink = sink;
  }

  /** Stops every stream, each sending its last lines with ended: true (agent shutdown). */
  stopAll(): void {
    for (const id of [...this.entries.keys()]) this.stop(id);
  }

  /** The connection closed: every stream stops without a last message (there is no one to send it to). */
  closeAll(): void {
    this.sink = null;
    this.stopAll();
  }

  /**
   * Takes the place for a new stream. Null when a stream with this id already runs (a repeated
   * logs.start); throws when the limit is reached.
   */
  reserve(id: string): StreamSlot | null {
    if (this.entries.has(id)) return null;
    if (this.entries.size >= this.maxStreams) {
      throw new CommandError(
        "TOO_MANY_STREAMS",
        `this agent already runs ${this.entries.size} streams (the limit is ${this.maxStreams}); stop one first`,
      );
    }
    const entry: Entry = { controller: new AbortController(), stream: null };
    this.entries.set(id, entry);
    const release = () => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
      if (!entry.controller.signal.aborted) entry.controller.abort();
    };
    return {
      id,
      signal: entry.controller.signal,
      send: ({ lines, ended = false, error }) => {
        if (!this.sink || this.entries.get(id) !== entry) return false;
        this.sink(
          error === undefined ? { type: "stream", streamId: id, lines, ended } : { type: "stream", streamId: id, lines, ended, error },
        );
        return true;
      },
      activate: (stream) => {
        entry.stream = stream;
      },
      release,
    };
  }

  /** logs.stop: ends the stream (an opening one is cancelled). False when no such stream runs. */
  stop(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (entry.stream) entry.stream.stop();
    else entry.controller.abort();
    // a stream's stop() releases it; make sure the place is free even if it did not
    if (this.entries.get(id) === entry) this.entries.delete(id);
    if (!entry.controller.signal.aborted) entry.controller.abort();
    return true;
  }
}
