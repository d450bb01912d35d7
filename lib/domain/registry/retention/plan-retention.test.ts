import { describe, expect, it } from "vitest";
import { repositoryGlobSchema } from "@/lib/schemas/registry";
import { matchesGlob, planRepository, type TagFacts } from "./plan-retention";

const NOW = Date.parse("2026-06-30T00:00:00Z");
const day = (n: number) => new Date(NOW - n * 86_400_000);
const tags: TagFacts[] = [
  { name: "v5", digest: "sha256:5", age: day(1) },
  { name: "v4", digest: "sha256:4", age: day(5) },
  { name: "v3", digest: "sha256:3", age: day(20) },
  { name: "v2", digest: "sha256:2", age: day(40) },
  { name: "v1", digest: "sha256:1", age: day(90) },
];
const plan = (rules: Array<{ repository?: string; keepLast?: number | null; keepDays?: number | null }>, list = tags, name = "web") =>
  planRepository({
    path: `acme/${name}`,
    name,
    tags: list,
    now: NOW,
    rules: rules.map((r) => ({ repository: r.repository ?? "*", keepLast: r.keepLast ?? null, keepDays: r.keepDays ?? null })),
  });
const deleted = (p: ReturnType<typeof plan>) => p?.delete.map((t) => t.tag);

describe("retention planning", () => {
  it("keeps the last N tags, newest first", () => {
    expect(deleted(plan([{ keepLast: 2 }]))).toEqual(["v3", "v2", "v1"]);
  });

  it("keeps tags newer than D days", () => {
    expect(deleted(plan([{ keepDays: 30 }]))).toEqual(["v2", "v1"]);
  });

  it("a tag survives when any rule keeps it (last N or newer than D)", () => {
    expect(deleted(plan([{ keepLast: 1, keepDays: 10 }]))).toEqual(["v3", "v2", "v1"]);
    expect(deleted(plan([{ keepLast: 4 }, { keepDays: 100 }]))).toEqual([]);
  });

  it("never deletes a digest that a kept tag shares", () => {
    const shared = [...tags.slice(0, 4), { name: "stable", digest: "sha256:5", age: day(200) }];
    const p = plan([{ keepLast: 1 }], shared);
    expect(deleted(p)).toEqual(["v4", "v3", "v2"]);
    expect(p?.keep.find((t) => t.tag === "stable")?.reason).toBe("same digest as kept tag v5");
  });

  it("keeps tags of unknown age under a days rule", () => {
    const p = plan([{ keepDays: 7 }], [{ name: "old", digest: "sha256:o", age: null }, ...tags.slice(0, 1)]);
    expect(deleted(p)).toEqual([]);
  });

  it("ignores repositories no rule matches", () => {
    expect(plan([{ repository: "api-*", keepLast: 1 }])).toBeNull();
    expect(deleted(plan([{ repository: "api-*", keepLast: 1 }], tags, "api-gateway"))).toHaveLength(4);
  });

  it("matches globs on the whole name", () => {
    expect(matchesGlob("*", "team/web")).toBe(true);
    expect(matchesGlob("team-*", "team-web")).toBe(true);
    expect(matchesGlob("team-*", "other-team-web")).toBe(false);
    expect(matchesGlob("web?", "web1")).toBe(true);
    expect(matchesGlob("a.b", "axb")).toBe(false);
  });
});

// Issue 9, finding 4: a viewer could make the preview endpoint spin for minutes with a 22- or
// 26-character glob against a repository name of a few dozen "a". The old regex took 28 s (22
// characters, 38 "a") and 6 s (26 characters, 32 "a") here; each test fails on the 5 s default timeout.
describe("finding 4: retention globs cannot cause catastrophic backtracking", () => {
  it("22-character pathological pattern", () => {
    expect(matchesGlob("*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(38))).toBe(false);
    expect(matchesGlob("*a*a*a*a*a*a*a*a*a*a*b", `${"a".repeat(38)}b`)).toBe(true);
  });

  it("stored globs are bounded: at most 10 * wildcards", () => {
    expect(repositoryGlobSchema.safeParse("*a".repeat(10)).success).toBe(true);
    expect(repositoryGlobSchema.safeParse("*a*a*a*a*a*a*a*a*a*a*b").success).toBe(false);
  });

  it("26-character pathological pattern, in a plan", () => {
    const name = "a".repeat(33);
    expect(
      planRepository({
        path: `acme/${name}`,
        name,
        tags,
        now: NOW,
        rules: [{ repository: "*a*a*a*a*a*a*a*a*a*a*a*a*b", keepLast: 1, keepDays: null }],
      }),
    ).toBeNull();
  });
});
