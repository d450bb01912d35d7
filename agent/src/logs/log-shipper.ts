/**
 * Ships the buffer's lines to the gateway the session is attached to (protocol 5 or more) and
 * releases them when the gateway acknowledges them (`logs.ack`, sent once they are committed in the
 * store). At most a few batches are in flight: when the gateway is slow, lines wait in the buffer
 * on disk rather than in the socket. After a reconnect everything unacknowledged is sent again;
 * the store keeps one copy per (node, epoch, seq).
 *
 * Pacing: a full batch goes out at most every 60 000 / batchesPerMinute ms, so the agent stays under
 * the gateway's per-connection budget of log batches (going over it closes the connection); a
 * batch that is not full waits `lingerMs` after the previous one, so a quiet service sends a few
 * batches a second, not one per line.
 */
import { MAX_LOG_BATCH_LINES, type LogsAck, type LogsMessage } from "@/lib/protocol/logs";
import type { Logger } from "../log/logger";
import type { LogBuffer } from "./log-buffer";

/** How a session hands the shipper its socket: attach after a welcome of protocol 5+, detach on close. */
export type LogsChannel = {
  /** `send` answers false when the message could not be sent (the socket closed, or it was invalid). */
  attach(send: (message: LogsMessage) => boolean): void;
  detach(): void;
  ack(message: LogsAck): void;
};

export type LogShipperOptions = {
  buffer: LogBuffer;
  log: Logger;
  batchesPerMinute: number;
  maxInFlight?: number;
  lingerMs?: number;
  /** Bytes of JSON per batch (under the gateway's message size limit, GATEWAY_MAX_MESSAGE_BYTES, 2 MiB by default). */
  maxBatchBytes?: number;
  /** A batch unacknowledged this long is sent again (with everything after it). */
  ackTimeoutMs?: number;
  now?: () => number;
};

type InFlight = { last: number; sentAt: number };

export class LogShipper implements LogsChannel {
  private send: ((message: LogsMessage) => boolean) | null = null;
  private cursor = 0;
  private inFlight: InFlight[] = [];
  private lastSendAt = 0;
  private pumping = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  /** For tests and the bench. */
  readonly stats = { batches: 0, lines: 0, resentFrom: [] as number[] };

  constructor(private readonly options: LogShipperOptions) {
    this.now = options.now ?? Date.now;
    options.buffer.onDurable(() => this.pump());
  }

  attach(send: (message: LogsMessage) => boolean): void {
    this.detach();
    this.send = send;
    // whatever was sent on an earlier connection and not acknowledged may not have been stored
    this.cursor = this.options.buffer.ackedUpTo + 1;
    const timeout = this.options.ackTimeoutMs ?? 60_000;
    this.watchdog = setInterval(() => this.checkAcks(timeout), Math.min(timeout, 5_000));
    this.pump();
  }

  detach(): void {
    this.send = null;
    this.inFlight = [];
    clearTimeout(this.timer);
    clearInterval(this.watchdog);
    this.timer = undefined;
    this.watchdog = undefined;
  }

  ack({ epoch, upTo }: LogsAck): void {
    const { buffer, log } = this.options;
    if (epoch !== buffer.epoch) {
      log.warn("logs: acknowledgement for another epoch ignored", { epoch, bufferEpoch: buffer.epoch });
      return;
    }
    buffer.ack(upTo);
    this.inFlight = this.inFlight.filter((batch) => batch.last > upTo);
    this.pump();
  }

  /** Sends what the buffer holds, within the in-flight window and the pace. */
  pump(): void {
    if (!this.send) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.pumpLoop()
      .catch((error: unknown) => this.options.log.error("logs: shipping failed", { error }))
      .finally(() => {
        this.pumping = false;
        if (this.again) {
          this.again = false;
          this.pump();
        }
      });
  }

  private async pumpLoop(): Promise<void> {
    const { buffer } = this.options;
    const maxInFlight = this.options.maxInFlight ?? 4;
    const minIntervalMs = 60_000 / this.options.batchesPerMinute;
    for (;;) {
      const send = this.send;
      if (!send || this.inFlight.length >= maxInFlight) return;
      this.cursor = Math.max(this.cursor, buffer.firstSeq);
      const available = buffer.durableEnd - this.cursor;
      if (available <= 0) return;
      const gap = available >= MAX_LOG_BATCH_LINES ? minIntervalMs : Math.max(minIntervalMs, this.options.lingerMs ?? 250);
      const wait = this.lastSendAt + gap - this.now();
      if (wait > 0) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      const lines = await buffer.read(this.cursor, MAX_LOG_BATCH_LINES, this.options.maxBatchBytes ?? 1024 * 1024);
      if (this.send !== send) return; // detached (or attached again) while reading
      if (lines.length === 0) {
        // released or dropped while reading: go on from the new firstSeq (anything else: wait for the next event)
        if (buffer.firstSeq > this.cursor) continue;
        return;
      }
      const last = (lines.at(-1) as (typeof lines)[number]).seq;
      // on a schedule: a send a little late (timers, the read) does not push every later one back;
      // slots stay minIntervalMs apart, so over any minute the pace holds (the gateway's budget is
      // a token bucket with a minute of burst)
      const now = this.now();
      const slot = this.lastSendAt + gap;
      this.lastSendAt = now - slot < minIntervalMs ? Math.max(slot, this.lastSendAt + minIntervalMs) : now;
      if (!send({ type: "logs", epoch: buffer.epoch, lines, droppedTotal: buffer.droppedTotal })) {
        if (this.send !== send) return; // the connection closed
        // still attached, so the session refused the batch as invalid (an agent bug): sending it
        // again would fail again and hold back every later line
        this.options.log.error("logs: a batch was refused as invalid; skipped", { from: this.cursor, to: last });
        this.cursor = last + 1;
        continue;
      }
      this.inFlight.push({ last, sentAt: now });
      this.cursor = last + 1;
      this.stats.batches++;
      this.stats.lines += lines.length;
    }
  }

  private checkAcks(timeoutMs: number): void {
    const oldest = this.inFlight[0];
    if (!oldest || this.now() - oldest.sentAt < timeoutMs) return;
    const from = this.options.buffer.ackedUpTo + 1;
    this.options.log.warn("logs: no acknowledgement in time; sending again", { from, timeoutMs });
    this.stats.resentFrom.push(from);
    this.inFlight = [];
    this.cursor = from;
    this.pump();
  }
}
