import { describe, expect, it } from "vitest";
import { parseDuration } from "./parse-duration";

describe("parseDuration", () => {
  it.each([
    ["10s", 10e9],
    ["1m30s", 90e9],
    ["1h", 3600e9],
    ["1.5s", 1.5e9],
    ["500ms", 500e6],
    ["250us", 250e3],
    ["10ns", 10],
    ["0", 0],
    ["2h45m", (2 * 3600 + 45 * 60) * 1e9],
  ])("parses %s", (input, nanos) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: nanos });
  });

  it("accepts the number 0", () => {
    expect(parseDuration(0)).toEqual({ ok: true, value: 0 });
  });

  it.each([
    [10, /needs a unit/],
    ["10", /invalid duration/],
    ["10x", /invalid duration/],
    ["s10", /invalid duration/],
    ["-5s", /must not be negative/],
    ["", /empty/],
    ["1m 30s", /invalid duration/],
    [true, /expected a duration/],
  ])("rejects %j", (input, message) => {
    const result = parseDuration(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it("rejects durations beyond the safe integer range", () => {
    expect(parseDuration("9999999h").ok).toBe(false);
  });
});
