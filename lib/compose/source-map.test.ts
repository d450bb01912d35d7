import { describe, expect, it } from "vitest";
import { SourceMap } from "./source-map";

describe("SourceMap", () => {
  const map = new SourceMap();
  map.set([], { value: { line: 1, column: 1 } });
  map.set(["web"], { key: { line: 1, column: 1 }, value: { line: 2, column: 3 } });
  map.set(["web", "mem_limit"], { key: { line: 3, column: 3 }, value: { line: 3, column: 14 } });
  map.set(["web", "labels", 0], { value: { line: 5, column: 7 } });
  map.alias(["services"], []);
  map.alias(["services", "web", "deploy", "resources", "limits", "memory"], ["services", "web", "mem_limit"]);
  map.alias(["services", "web", "labels", "a.b"], ["services", "web", "labels", 0]);
  map.alias(["services", "web", "labels", "self"], ["services", "web", "labels", "self"]);

  it("follows chained aliases", () => {
    expect(map.locate(["services", "web", "deploy", "resources", "limits", "memory"])).toEqual({ line: 3, column: 14 });
    expect(map.locate(["services", "web", "deploy", "resources", "limits", "memory"], "key")).toEqual({ line: 3, column: 3 });
    expect(map.locate(["services", "web", "labels", "a.b"])).toEqual({ line: 5, column: 7 });
  });

  it("ignores self-aliases so shorter aliases still apply", () => {
    expect(map.locate(["services", "web", "labels", "self"])).toEqual({ line: 1, column: 1 });
  });

  it("falls back to the closest written ancestor's key", () => {
    expect(map.locate(["services", "web", "image"])).toEqual({ line: 1, column: 1 });
    expect(map.locate(["nowhere", "deep"])).toEqual({ line: 1, column: 1 });
  });
});
