import { describe, expect, it } from "vitest";
import { decodeLogCursor, encodeLogCursor, highlightRanges, logWhere, parseLogQuery, substringPattern, wordRegex } from "./log-query";

describe("parseLogQuery", () => {
  it("splits words and quoted substrings", () => {
    expect(parseLogQuery('timeout "user 42" GET')).toEqual({ words: ["timeout", "GET"], substrings: ["user 42"] });
    expect(parseLogQuery('"a b')).toEqual({ words: [], substrings: ["a b"] });
    expect(parseLogQuery('  ""  x  x ')).toEqual({ words: ["x"], substrings: [] });
    expect(parseLogQuery(undefined)).toEqual({ words: [], substrings: [] });
  });

  it("refuses more than ten terms", () => {
    expect(() => parseLogQuery("a b c d e f g h i j k")).toThrow(/at most 10/);
  });
});

describe("patterns", () => {
  it("escapes regex and LIKE characters", () => {
    expect(wordRegex("timeout")).toBe("\\mtimeout\\M");
    expect(wordRegex("/api/v1")).toBe("/api/v1\\M");
    expect(wordRegex("a.b(c)*")).toBe("\\ma\\.b\\(c\\)\\*");
    expect(substringPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});

describe("highlightRanges", () => {
  it("marks whole words case-insensitively and substrings anywhere", () => {
    const text = "Timeout after timeouts: user 42 timed out (TIMEOUT)";
    expect(highlightRanges(text, { words: ["timeout"], substrings: [] })).toEqual([
      [0, 7],
      [43, 50],
    ]);
    expect(highlightRanges(text, { words: [], substrings: ["R 4"] })).toEqual([[27, 30]]);
  });

  it("takes any character literally", () => {
    expect(highlightRanges("id user-3/a.b [x] end", { words: ["user-3/a.b"], substrings: ["[x]"] })).toEqual([
      [3, 13],
      [14, 17],
    ]);
  });

  it("merges overlapping matches and keeps UTF-16 offsets", () => {
    expect(highlightRanges("ééé abc", { words: ["abc"], substrings: ["bc"] })).toEqual([[4, 7]]);
  });
});

describe("cursor", () => {
  it("round-trips and refuses garbage", () => {
    const c = { tsMicros: 1764720000123456n, id: 9007199254740993n };
    expect(decodeLogCursor(encodeLogCursor(c))).toEqual(c);
    expect(() => decodeLogCursor("bm9wZQ")).toThrow(/cursor/);
  });
});

describe("logWhere", () => {
  it("always starts with the organisation and binds every value", () => {
    const sql = logWhere("org1", { service: "web", q: undefined }, { words: ["x'; drop"], substrings: [] });
    expect(sql.sql.startsWith("org_id = ?")).toBe(true);
    expect(sql.values).toEqual(["org1", "web", "\\mx'; drop\\M"]);
  });
});
