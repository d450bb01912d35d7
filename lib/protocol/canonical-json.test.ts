import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every level by code unit and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, Z: 2 }], c: undefined }, B: null })).toBe('{"B":null,"a":{"d":[{"Z":2,"z":1}]},"b":1}');
  });

  it("gives equal text for equal values whatever the key order", () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });
});
