import { describe, expect, it } from "vitest";
import { countStars, matchGlob, type GlobMeter } from "./glob";

// The patterns of issue 9's report, reconstructed: 22 and 26 characters that took a backtracking
// regex 32 s and 129 s against a run of "a" with no final "b".
const PATTERN_22 = "*a*a*a*a*a*a*a*a*a*a*b";
const PATTERN_26 = "*a*a*a*a*a*a*a*a*a*a*a*a*b";

describe("finding 4: glob matching is linear-time (no backtracking regex)", () => {
  it.each([PATTERN_22, PATTERN_26])("%s against 100,000 characters stays within (n+1)·(m+1) steps", (pattern) => {
    const subject = "a".repeat(100_000);
    const meter: GlobMeter = { steps: 0 };
    expect(matchGlob(pattern, subject, meter)).toBe(false);
    expect(meter.steps).toBeLessThanOrEqual((subject.length + 1) * (pattern.length + 1));
    expect(meter.steps).toBeGreaterThan(0);
  });

  it("a long pattern of stars and a long subject do bounded work", () => {
    const pattern = "*?".repeat(100) + "b";
    const subject = "a".repeat(20_000);
    const meter: GlobMeter = { steps: 0 };
    expect(matchGlob(pattern, subject, meter)).toBe(false);
    expect(meter.steps).toBeLessThanOrEqual((subject.length + 1) * (pattern.length + 1));
  });

  it("the work on a match is proportional to the subject when the pattern has one star", () => {
    const meter: GlobMeter = { steps: 0 };
    expect(matchGlob("team-*", `team-${"x".repeat(10_000)}`, meter)).toBe(true);
    expect(meter.steps).toBeLessThanOrEqual(10_005 + 6);
  });
});

describe("glob semantics (same as the regular expressions they replaced)", () => {
  // [pattern, subject, matches]
  const table: [string, string, boolean][] = [
    ["*", "", true],
    ["*", "team/web", true], // * crosses "/": there are no path segments
    ["", "", true],
    ["", "a", false],
    ["web", "web", true],
    ["web", "web2", false],
    ["web", "Web", false], // case-sensitive
    ["team-*", "team-web", true],
    ["team-*", "team-", true],
    ["team-*", "other-team-web", false], // anchored at both ends
    ["*-web", "team-web", true],
    ["*-web", "team-web-2", false],
    ["web?", "web1", true],
    ["web?", "web", false],
    ["web?", "web12", false],
    ["?", "/", true],
    ["a.b", "axb", false], // "." is literal
    ["a.b", "a.b", true],
    ["a*b*c", "abc", true],
    ["a*b*c", "a-b-c", true],
    ["a*b*c", "acb", false],
    ["a*b*c", "abcabc", true],
    ["a*b*c", "abcab", false],
    ["**", "x", true],
    ["*?*", "", false],
    ["*?*", "x", true],
    ["team/*/api", "team/x/y/api", true],
    ["node-[1]", "node-[1]", true], // brackets are literal
    ["web-(a|b)", "web-(a|b)", true], // so are parentheses and pipes
    ["^web$", "^web$", true],
    ["w\\eb", "w\\eb", true], // no escapes
    ["*b", "a*b", true],
    ["a*", "a*", true],
    ["x*y", "x\ny", true],
  ];
  it.each(table)("%j ~ %j → %s", (pattern, subject, expected) => {
    expect(matchGlob(pattern, subject)).toBe(expected);
  });

  it("counts stars", () => {
    expect(countStars(PATTERN_22)).toBe(11);
    expect(countStars("web")).toBe(0);
  });
});
