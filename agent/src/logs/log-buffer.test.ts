import { appendFile, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { logLineSchema } from "@/lib/protocol/logs";
import { createLogger, silentLogger } from "../log/logger";
import { sampleLogLine } from "../testing/sample-log-line";
import { LogBuffer, type LogLineInput } from "./log-buffer";

let dir: string;

beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), "wharf-log-buffer-")), "logs");
});
afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

const line = (text: string): LogLineInput => sampleLogLine(text, { task: "t1" });
const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => line(`${prefix} ${i + 1}`));
const open = (options: { maxBytes?: number; segmentBytes?: number } = {}) =>
  LogBuffer.open({
    dir,
    maxBytes: options.maxBytes ?? 64 * 1024 * 1024,
    segmentBytes: options.segmentBytes,
    log: silentLogger,
    sync: false,
  });
const texts = async (buffer: LogBuffer, from = 0) => {
  const out: string[] = [];
  for (let seq = from; seq < buffer.durableEnd;) {
    const batch = await buffer.read(seq, 1000, 1024 * 1024);
    if (batch.length === 0) break;
    out.push(...batch.map((l) => l.text));
    seq = (batch.at(-1)?.seq ?? seq) + 1;
  }
  return out;
};

describe("log buffer", () => {
  it("numbers lines in order and hands out only flushed ones", async () => {
    const buffer = await open();
    expect(buffer.epoch).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    buffer.commit(lines("a", 3));
    expect(buffer.durableEnd).toBe(0);
    expect(await buffer.read(0, 10, 1 << 20)).toEqual([]);
    await buffer.flush();
    const read = await buffer.read(0, 10, 1 << 20);
    expect(read.map((l) => [l.seq, l.text])).toEqual([
      [0, "a 1"],
      [1, "a 2"],
      [2, "a 3"],
    ]);
    for (const l of read) expect(logLineSchema.safeParse(l).success).toBe(true);
    expect(await buffer.read(1, 1, 1 << 20)).toMatchObject([{ seq: 1 }]);
    await buffer.close();
  });

  it("restart: same epoch, next seq, read positions and unacknowledged lines come back", async () => {
    const first = await open({ segmentBytes: 2048 });
    first.commit(lines("a", 100), (p) => void (p.stdout.c1 = { ts: "2026-12-01T10:00:00.000000005Z", n: 2 }));
    await first.flush();
    first.ack(49);
    await first.close();

    const second = await open({ segmentBytes: 2048 });
    expect(second.epoch).toBe(first.epoch);
    expect(second.durableEnd).toBe(100);
    expect(second.ackedUpTo).toBe(49);
    expect(second.firstSeq).toBe(50);
    expect(second.positions.stdout.c1).toEqual({ ts: "2026-12-01T10:00:00.000000005Z", n: 2 });
    expect(await texts(second, second.firstSeq)).toEqual(
      lines("a", 100)
        .slice(50)
        .map((l) => l.text),
    );
    second.commit(lines("b", 1));
    await second.flush();
    expect((await second.read(100, 1, 1 << 20))[0]).toMatchObject({ seq: 100, text: "b 1" });
    await second.close();
  });

  it("crash: a torn write after the last checkpoint is cut off, with the positions that went with it", async () => {
    const buffer = await open();
    buffer.commit(lines("a", 5), (p) => void (p.stdout.c1 = { ts: "t5", n: 1 }));
    await buffer.flush();
    // the agent dies half-way through its next flush (no close)
    const [segment] = (await readdir(dir)).filter((f) => f.endsWith(".open"));
    const file = path.join(dir, segment as string);
    const before = (await stat(file)).size;
    await appendFile(file, `${JSON.stringify({ seq: 5, ...line("a 6") })}\n{"seq":6,"ts":"2026-12-01T1`);

    const reopened = await open();
    expect(reopened.durableEnd).toBe(5);
    expect(reopened.positions.stdout.c1).toEqual({ ts: "t5", n: 1 });
    expect((await stat(file)).size).toBe(before);
    // the seqs of the lost lines go to what is collected again: they were never shipped
    reopened.commit([line("a 6 again")]);
    await reopened.flush();
    expect(await texts(reopened)).toEqual(["a 1", "a 2", "a 3", "a 4", "a 5", "a 6 again"]);
    await reopened.close();
    await buffer.close(); // the "dead" agent's descriptor (nothing left to write)
  });

  it("full: drops the oldest segments first and counts their unacknowledged lines", async () => {
    const warnings: string[] = [];
    const buffer = await LogBuffer.open({
      dir,
      maxBytes: 20 * 1024,
      segmentBytes: 4 * 1024,
      log: createLogger({ level: "warn", write: (l) => warnings.push(l) }),
      sync: false,
    });
    for (let i = 0; i < 40; i++) {
      buffer.commit(lines(`b${i}`, 10));
      await buffer.flush();
    }
    expect(buffer.bytes).toBeLessThanOrEqual(20 * 1024 + 4 * 1024);
    const kept = buffer.durableEnd - buffer.firstSeq;
    expect(buffer.droppedTotal).toBeGreaterThan(0);
    expect(buffer.droppedTotal + kept).toBe(400);
    // what is left is the newest lines, in order
    const left = await texts(buffer, buffer.firstSeq);
    expect(left.at(-1)).toBe("b39 10");
    expect(left).toHaveLength(kept);
    expect(warnings.some((w) => w.includes("log buffer full"))).toBe(true);
    // the counter is persisted with the positions
    await buffer.close();
    const reopened = await open();
    expect(reopened.droppedTotal).toBe(buffer.droppedTotal);
    await reopened.close();
  });

  it("acknowledged lines are not counted as dropped, and their segments are removed", async () => {
    const buffer = await open({ segmentBytes: 1024 });
    for (let i = 0; i < 10; i++) {
      buffer.commit(lines(`c${i}`, 10));
      await buffer.flush();
    }
    const segments = async () => (await readdir(dir)).filter((f) => f.startsWith("seg-")).length;
    const before = await segments();
    buffer.ack(79);
    await buffer.flush(); // after the release queued by the ack
    expect(await segments()).toBeLessThan(before);
    expect(buffer.firstSeq).toBe(80);
    expect(await texts(buffer, 80)).toEqual(
      lines("c8", 10)
        .concat(lines("c9", 10))
        .map((l) => l.text),
    );
    expect(buffer.droppedTotal).toBe(0);
    // an ack past what was written is capped
    buffer.ack(10_000);
    expect(buffer.ackedUpTo).toBe(99);
    await buffer.close();
  });

  it("bounds a read by the lines' JSON size, escapes included (the gateway limits message bytes)", async () => {
    const buffer = await open();
    const nasty = "\u0001".repeat(1000); // 6 bytes of JSON a character
    buffer.commit(Array.from({ length: 50 }, () => line(nasty)));
    await buffer.flush();
    const batch = await buffer.read(0, 1000, 64 * 1024);
    expect(batch.length).toBeGreaterThan(5);
    expect(batch.length).toBeLessThan(12);
    expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(64 * 1024);
    // one line always comes, even over the bound
    expect(await buffer.read(0, 1000, 10)).toHaveLength(1);
    await buffer.close();
  });

  it("a positions-only change (a container forgotten) is written too", async () => {
    const buffer = await open();
    buffer.commit([line("x")], (p) => void (p.stdout.gone = { ts: "t", n: 1 }));
    await buffer.flush();
    buffer.commit([], (p) => void delete p.stdout.gone);
    await buffer.close();
    const reopened = await open();
    expect(reopened.positions.stdout).toEqual({});
    await reopened.close();
  });

  it("a buffer with no valid epoch starts a new one and discards old segments", async () => {
    const buffer = await open();
    buffer.commit(lines("d", 3));
    await buffer.close();
    await appendFile(path.join(dir, "epoch.json"), "garbage");
    const fresh = await open();
    expect(fresh.epoch).not.toBe(buffer.epoch);
    expect(fresh.durableEnd).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, "epoch.json"), "utf8"))).toEqual({ epoch: fresh.epoch });
    await fresh.close();
  });
});
