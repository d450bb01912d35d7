import { describe, expect, it } from "vitest";
import { loadCompose } from "./index";
import { HOSTILE_CASES } from "../../tests/support/compose/hostile-cases";

// Malformed and hostile compose files. Each must be refused with at least one located error whose
// message names the actual problem (never a generic "parse failed").

const CASES = HOSTILE_CASES;

describe("hostile and malformed compose files", () => {
  it("has a large table", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
  });

  it.each(CASES)("%s", (_name, text, message, path) => {
    const started = performance.now();
    const result = loadCompose({ text, appName: "shop", orgSlug: "acme", env: {} });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const match = result.errors.find((error) => message.test(error.message));
    if (!match) throw new Error(`no error matched ${message}; got ${JSON.stringify(result.errors, null, 2)}`);
    expect(typeof match.path).toBe("string");
    expect(match.line).toBeGreaterThanOrEqual(1);
    expect(match.column).toBeGreaterThanOrEqual(1);
    expect(match.message).not.toMatch(/^Invalid input/);
    if (path !== undefined) expect(match.path).toBe(path);
  });
});
