import { describe, expect, it } from "vitest";
import { findUnsafeStrings } from "./unsafe-strings";

describe("findUnsafeStrings", () => {
  it("passes ordinary text, emoji (paired surrogates) and control characters PostgreSQL stores", () => {
    expect(findUnsafeStrings({ name: "web 🚢", env: { A: "tab\tand\u0001" }, list: ["x", 1, null, true] }, "body")).toEqual([]);
  });

  it("names the field of a NUL or an unpaired surrogate, in values and keys", () => {
    expect(findUnsafeStrings({ name: "a\u0000b" }, "body")).toEqual([
      expect.objectContaining({ path: "body.name", code: "unsafe_string" }),
    ]);
    expect(findUnsafeStrings({ labels: { zone: "\ud800" } }, "body")[0]?.path).toBe("body.labels.zone");
    expect(findUnsafeStrings({ items: ["ok", "x\udc00"] }, "body")[0]?.path).toBe("body.items.1");
    expect(findUnsafeStrings({ "k\u0000": "v" }, "body")[0]).toMatchObject({
      path: "body.k\\u0000",
      message: expect.stringMatching(/key/),
    });
    expect(findUnsafeStrings({ clusterId: "a\u0000" }, "params")[0]?.path).toBe("params.clusterId");
  });

  it("bounds nesting without recursion", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeStrings(deep, "body")).toEqual([expect.objectContaining({ code: "too_deep" })]);
  });
});
