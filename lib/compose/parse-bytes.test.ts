import { describe, expect, it } from "vitest";
import { parseBytes } from "./parse-bytes";

describe("parseBytes", () => {
  it.each([
    ["512m", 512 * 1024 ** 2],
    ["1g", 1024 ** 3],
    ["1G", 1024 ** 3],
    ["1gb", 1024 ** 3],
    ["1GiB", 1024 ** 3],
    ["1.5g", 1.5 * 1024 ** 3],
    ["64k", 64 * 1024],
    ["100", 100],
    ["100b", 100],
    [2048, 2048],
  ])("parses %j", (input, bytes) => {
    expect(parseBytes(input)).toEqual({ ok: true, value: bytes });
  });

  it.each([["12x"], ["-1g"], ["1.2.3m"], ["g"], [-5], [1.5], [null], ["1 gb extra"]])("rejects %j", (input) => {
    const result = parseBytes(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/size/);
  });
});
