import { describe, expect, it } from "vitest";
import { MAX_LOG_LINE_BYTES } from "@/lib/protocol/logs";
import { frame } from "../testing/docker-frames";
import { normalizeTimestamp, sinceParameter } from "./log-text";
import { StdoutReader, StdoutStreamError } from "./stdout-reader";

const T1 = "2026-12-01T10:00:00.1Z";
const T2 = "2026-12-01T10:00:00.200000002Z";
const T3 = "2026-12-01T10:00:01Z";
const n = (ts: string) => normalizeTimestamp(ts) as string;

describe("stdout reader", () => {
  it("splits frames into lines with the engine's timestamps (normalised), stream by stream", () => {
    const reader = new StdoutReader(null, false);
    const chunk = Buffer.concat([frame(1, `${T1} hello\n`), frame(2, `${T2} oops\r\n`), frame(1, `${T3} bye\n`)]);
    // a chunk may end anywhere, even inside a frame header
    const first = reader.push(chunk.subarray(0, 5));
    const rest = reader.push(chunk.subarray(5));
    expect(first.lines).toEqual([]);
    expect(rest.lines).toEqual([
      { stream: "stdout", ts: "2026-12-01T10:00:00.100000000Z", text: "hello", truncated: false },
      { stream: "stderr", ts: "2026-12-01T10:00:00.200000002Z", text: "oops", truncated: false },
      { stream: "stdout", ts: "2026-12-01T10:00:01.000000000Z", text: "bye", truncated: false },
    ]);
    expect(rest.position).toEqual({ ts: n(T3), n: 1 });
  });

  it("joins a long line the engine sent in pieces, cuts it, and holds the position until it is complete", () => {
    const reader = new StdoutReader(null, false);
    const a = reader.push(frame(1, `${T1} first\n`));
    expect(a.position).toEqual({ ts: n(T1), n: 1 });
    const piece = "x".repeat(16 * 1024);
    const b = reader.push(Buffer.concat([frame(1, `${T2} ${piece}`), frame(1, `${T2} ${piece}`)]));
    expect(b).toEqual({ lines: [], position: null });
    const c = reader.push(frame(1, `${T3} tail\n`));
    expect(c.lines).toHaveLength(1);
    expect(c.lines[0]).toMatchObject({ ts: n(T2), truncated: true });
    expect(c.lines[0]?.text).toHaveLength(MAX_LOG_LINE_BYTES);
    expect(c.position).toEqual({ ts: n(T3), n: 1 });
  });

  it("resumes after the saved position: skips messages at or before it, counting equal timestamps", () => {
    const saved = { ts: n(T2), n: 2 };
    const reader = new StdoutReader(saved, false);
    const out = reader.push(
      Buffer.concat([
        frame(1, `${T1} old\n`),
        frame(1, `${T2} a\n`),
        frame(2, `${T2} b\n`),
        frame(1, `${T2} c (new, same instant)\n`),
        frame(1, `${T3} d\n`),
      ]),
    );
    expect(out.lines.map((l) => l.text)).toEqual(["c (new, same instant)", "d"]);
    expect(out.position).toEqual({ ts: n(T3), n: 1 });
    // the count at one instant goes on from the saved one
    const again = new StdoutReader(saved, false).push(Buffer.concat([frame(1, `${T2} a\n`), frame(1, `${T2} b\n`), frame(1, `${T2} c\n`)]));
    expect(again.position).toEqual({ ts: n(T2), n: 3 });
  });

  it("reads a TTY stream (raw text, lines cut anywhere) and finishes an unterminated last line at the end", () => {
    const reader = new StdoutReader(null, true);
    const one = reader.push(Buffer.from(`${T1} one\r\n${T2} tw`));
    expect(one.lines.map((l) => [l.stream, l.text])).toEqual([["stdout", "one"]]);
    const two = reader.push(Buffer.from(`o\n${T3} three`));
    expect(two.lines.map((l) => [l.ts, l.text])).toEqual([[n(T2), "two"]]);
    const end = reader.end();
    expect(end.lines.map((l) => l.text)).toEqual(["three"]);
    expect(end.position).toEqual({ ts: n(T3), n: 1 });
  });

  it("fails on the daemon's error frame", () => {
    const reader = new StdoutReader(null, false);
    expect(() => reader.push(frame(3, "configured logging driver does not support reading"))).toThrow(StdoutStreamError);
  });

  it("gives the engine's `since` form for a saved timestamp", () => {
    expect(sinceParameter(n("2026-12-01T10:00:00.000000005Z"))).toBe(`${Date.UTC(2026, 11, 1, 10) / 1000}.000000005`);
    expect(normalizeTimestamp("not a time")).toBeNull();
  });
});
