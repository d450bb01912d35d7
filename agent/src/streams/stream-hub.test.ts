import { afterEach, describe, expect, it, vi } from "vitest";
import { LineBatcher } from "./line-batcher";
import { StreamHub, type StreamLine, type StreamMessage } from "./stream-hub";

const line = (text: string): StreamLine => ({ ts: "2026-01-01T00:00:00Z", stream: "stdout", task: null, text });

afterEach(() => vi.useRealTimers());

describe("stream hub", () => {
  function hub(max = 2) {
    const sent: StreamMessage[] = [];
    const streams = new StreamHub(max);
    streams.attach((message) => sent.push(message));
    return { streams, sent };
  }

  it("gives each stream id one place, up to the limit", () => {
    const { streams } = hub(2);
    expect(streams.reserve("aaaaaaaa")).not.toBeNull();
    expect(streams.reserve("aaaaaaaa")).toBeNull();
    streams.reserve("bbbbbbbb");
    expect(() => streams.reserve("cccccccc")).toThrow(expect.objectContaining({ code: "TOO_MANY_STREAMS" }));
    expect(streams.size).toBe(2);
  });

  it("sends through the current sink until the stream is released", () => {
    const { streams, sent } = hub();
    const slot = streams.reserve("aaaaaaaa");
    expect(slot?.send({ lines: [line("one")] })).toBe(true);
    expect(slot?.send({ lines: [], ended: true, error: "bad" })).toBe(true);
    slot?.release();
    expect(slot?.send({ lines: [line("late")] })).toBe(false);
    expect(sent).toEqual([
      { type: "stream", streamId: "aaaaaaaa", lines: [line("one")], ended: false },
      { type: "stream", streamId: "aaaaaaaa", lines: [], ended: true, error: "bad" },
    ]);
    expect(streams.size).toBe(0);
  });

  it("stop() ends a running stream once, and cancels one still opening", () => {
    const { streams } = hub();
    const running = streams.reserve("aaaaaaaa");
    const stop = vi.fn(() => running?.release());
    running?.activate({ stop });
    const opening = streams.reserve("bbbbbbbb");
    expect(streams.stop("aaaaaaaa")).toBe(true);
    expect(streams.stop("aaaaaaaa")).toBe(false);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(streams.stop("bbbbbbbb")).toBe(true);
    expect(opening?.signal.aborted).toBe(true);
  });

  it("closeAll() stops everything without sending (the connection is gone)", () => {
    const { streams, sent } = hub();
    const slot = streams.reserve("aaaaaaaa");
    slot?.activate({ stop: () => slot.send({ lines: [], ended: true }) && undefined });
    streams.closeAll();
    expect(sent).toEqual([]);
    expect(streams.size).toBe(0);
    expect(slot?.signal.aborted).toBe(true);
  });
});

describe("line batcher", () => {
  it("flushes after the interval, at the line limit, and at the byte limit", () => {
    vi.useFakeTimers();
    const batches: string[][] = [];
    const batcher = new LineBatcher({ emit: (lines) => batches.push(lines.map((l) => l.text)), flushMs: 200, maxLines: 3, maxBytes: 500 });
    batcher.add(line("a"));
    vi.advanceTimersByTime(199);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([["a"]]);
    for (const text of ["b", "c", "d"]) batcher.add(line(text));
    expect(batches).toEqual([["a"], ["b", "c", "d"]]);
    batcher.add(line("x".repeat(600)));
    expect(batches).toHaveLength(3);
    batcher.add(line("tail"));
    expect(batcher.take()).toEqual([line("tail")]);
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(3);
  });
});
