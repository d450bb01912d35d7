import { describe, expect, it } from "vitest";
import {
  parseBoolLabel,
  parseIndexList,
  parseIntLabel,
  parseLbTarget,
  parseLogSource,
  parseProbeUrl,
  parseRoutes,
  parseTags,
} from "./label-values";

describe("label value parsers", () => {
  it("parses numbers and booleans strictly", () => {
    expect(parseIntLabel(" 3 ", 1, 5)).toEqual({ ok: true, value: 3 });
    expect(parseIntLabel("3.5", 1, 5).ok).toBe(false);
    expect(parseBoolLabel("TRUE")).toEqual({ ok: true, value: true });
    expect(parseBoolLabel("1").ok).toBe(false);
  });

  it("parses probe URLs with default ports", () => {
    expect(parseProbeUrl("http://container/health")).toEqual({
      ok: true,
      value: { scheme: "http", host: "container", port: 80, path: "/health" },
    });
    expect(parseProbeUrl("https://container")).toEqual({ ok: true, value: { scheme: "https", host: "container", port: 443, path: "/" } });
    expect(parseProbeUrl("tcp://container:3306/x").ok).toBe(false);
    expect(parseProbeUrl("http://container:99999/").ok).toBe(false);
  });

  it("parses load balancer targets", () => {
    expect(parseLbTarget("udp://lb-1a2b:53")).toEqual({ ok: true, value: { scheme: "udp", lbName: "lb-1a2b", frontPort: 53 } });
    expect(parseLbTarget("tcp://bad name:80").ok).toBe(false);
    expect(parseLbTarget("TCP://x:80")).toMatchObject({ ok: false });
  });

  it("parses routes with paths, prefixes and wildcards", () => {
    expect(parseRoutes("https://*.example.com/app")).toEqual({
      ok: true,
      value: [{ scheme: "https", domain: "*.example.com", path: "/app", internal: false }],
    });
    expect(parseRoutes("web:api")).toEqual({ ok: true, value: [{ scheme: "http", prefix: "web", path: "/api", internal: false }] });
    expect(parseRoutes(`${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(10)}.com`).ok).toBe(false);
  });

  it("parses log sources, GPU index lists and tags", () => {
    expect(parseLogSource("/data/logs/x/*.log")).toEqual({ ok: true, value: { kind: "file", path: "/data/logs/x/*.log" } });
    expect(parseIndexList("0, 2")).toEqual({ ok: true, value: [0, 2] });
    expect(parseIndexList("1,1")).toMatchObject({ ok: false, message: expect.stringMatching(/twice/) });
    expect(parseTags("a=1, b=x=y")).toEqual({ ok: true, value: { a: "1", b: "x=y" } });
    expect(parseTags("novalue").ok).toBe(false);
  });
});
