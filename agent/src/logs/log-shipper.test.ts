import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_LOG_BATCH_LINES, type LogsMessage } from "@/lib/protocol/logs";
import { silentLogger } from "../log/logger";
import { sampleLogLine } from "../testing/sample-log-line";
import { until } from "../testing/until";
import { LogBuffer, type LogLineInput } from "./log-buffer";
import { LogShipper } from "./log-shipper";

let work: string;
let buffer: LogBuffer;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "wharf-log-shipper-"));
  buffer = await LogBuffer.open({ dir: work, maxBytes: 64 << 20, log: silentLogger, sync: false });
});
afterEach(async () => {
  await buffer.close();
  await rm(work, { recursive: true, force: true });
});

const line = (i: number): LogLineInput => sampleLogLine(`line ${i}`);
const fill = async (from: number, to: number) => {
  buffer.commit(Array.from({ length: to - from + 1 }, (_, i) => line(from + i)));
  await buffer.flush();
};
const shipper = (options: Partial<ConstructorParameters<typeof LogShipper>[0]> = {}) =>
  new LogShipper({ buffer, log: silentLogger, batchesPerMinute: 600_000, lingerMs: 0, ...options });
const seqs = (batches: LogsMessage[]) => batches.flatMap((b) => b.lines.map((l) => l.seq));

describe("log shipper", () => {
  it("sends full batches, at most maxInFlight unacknowledged, and more as acks come", async () => {
    await fill(0, 5 * MAX_LOG_BATCH_LINES + 9);
    const sent: LogsMessage[] = [];
    const ship = shipper({ maxInFlight: 2 });
    ship.attach((m) => (sent.push(m), true));
    await until("two batches", () => sent.length === 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toHaveLength(2); // the window is full
    expect(sent[0]).toMatchObject({ type: "logs", epoch: buffer.epoch, droppedTotal: 0 });
    expect(sent.map((b) => b.lines.length)).toEqual([MAX_LOG_BATCH_LINES, MAX_LOG_BATCH_LINES]);
    ship.ack({ type: "logs.ack", epoch: buffer.epoch, upTo: MAX_LOG_BATCH_LINES - 1 });
    await until("a third batch", () => sent.length === 3);
    for (let i = 1; i < 6; i++) {
      ship.ack({ type: "logs.ack", epoch: buffer.epoch, upTo: sent.at(-1)?.lines.at(-1)?.seq ?? 0 });
      await until(`batch ${i + 3}`, () => sent.length >= Math.min(6, i + 3));
    }
    expect(seqs(sent)).toEqual(Array.from({ length: 5 * MAX_LOG_BATCH_LINES + 10 }, (_, i) => i));
    ship.detach();
  });

  it("after a reconnect sends again everything not acknowledged, and nothing that was", async () => {
    await fill(0, 99);
    const first: LogsMessage[] = [];
    const ship = shipper({ maxBatchBytes: 3_000 }); // ~18 lines a batch
    ship.attach((m) => (first.push(m), true));
    await until("four batches", () => first.length === 4);
    const acked = first[1]?.lines.at(-1)?.seq ?? -1;
    ship.ack({ type: "logs.ack", epoch: buffer.epoch, upTo: acked });
    await until("more", () => first.length === 6);
    ship.detach(); // the connection drops with acked+1.. unacknowledged, some of it in flight
    await fill(100, 109);
    const second: LogsMessage[] = [];
    ship.attach((m) => (second.push(m), true));
    await until("resent", () => second.length >= 4);
    expect(seqs(second)[0]).toBe(acked + 1);
    for (let i = 0; i < 20 && seqs(second).at(-1) !== 109; i++) {
      ship.ack({ type: "logs.ack", epoch: buffer.epoch, upTo: seqs(second).at(-1) ?? 0 });
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seqs(second)).toEqual(Array.from({ length: 109 - acked }, (_, i) => acked + 1 + i));
    expect(first.every((b) => JSON.stringify(b).length < 3_000 + 200)).toBe(true);
    ship.detach();
  });

  it("ignores an acknowledgement of another epoch; resends after the ack timeout", async () => {
    await fill(0, 9);
    const sent: LogsMessage[] = [];
    const ship = shipper({ ackTimeoutMs: 50 });
    ship.attach((m) => (sent.push(m), true));
    await until("a batch", () => sent.length === 1);
    ship.ack({ type: "logs.ack", epoch: "someotherepoch", upTo: 9 });
    expect(buffer.ackedUpTo).toBe(-1);
    await until("the batch again", () => sent.length === 2, { timeoutMs: 6_000 });
    expect(seqs(sent)).toEqual([...Array(10).keys(), ...Array(10).keys()]);
    expect(ship.stats.resentFrom).toEqual([0]);
    ship.ack({ type: "logs.ack", epoch: buffer.epoch, upTo: 9 });
    expect(buffer.ackedUpTo).toBe(9);
    ship.detach();
  });

  it("paces batches: a batch that is not full waits for the linger time after the previous one", async () => {
    const sent: Array<{ at: number; lines: number }> = [];
    const ship = shipper({ lingerMs: 150, batchesPerMinute: 60_000 });
    ship.attach((m) => (sent.push({ at: Date.now(), lines: m.lines.length }), true));
    await fill(0, 0);
    await until("the first line", () => sent.length === 1);
    await fill(1, 1);
    await fill(2, 2);
    await until("the next batch", () => sent.length === 2);
    expect((sent[1]?.at ?? 0) - (sent[0]?.at ?? 0)).toBeGreaterThanOrEqual(140);
    expect(sent[1]?.lines).toBe(2); // both lines, in one batch
    ship.detach();
  });

  it("skips a batch the session refuses as invalid instead of stalling behind it", async () => {
    await fill(0, 4);
    const sent: LogsMessage[] = [];
    const ship = shipper({ maxBatchBytes: 1 }); // one line a batch
    ship.attach((m) => {
      if (m.lines[0]?.seq === 1) return false;
      sent.push(m);
      return true;
    });
    await until("the rest", () => sent.length === 4);
    expect(seqs(sent)).toEqual([0, 2, 3, 4]);
    ship.detach();
  });
});
