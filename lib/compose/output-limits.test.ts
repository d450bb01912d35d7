import { describe, expect, it } from "vitest";
import { MAX_COMPILED_CHARS, MAX_SERVICE_SPEC_CHARS } from "./compiled-size";
import { loadCompose } from "./index";
import { interpolateString, MAX_INTERPOLATED_TOTAL_CHARS, MAX_INTERPOLATED_VALUE_CHARS } from "./interpolate";

const load = (text: string, env: Record<string, string> = {}) => loadCompose({ text, env, appName: "shop", orgSlug: "acme" });

/**
 * The report's amplification: a ~253 KB file that references a deploy variable of a few KB over
 * and over. On the old code it interpolated to ~786 MB of strings.
 */
function amplificationFile(): { text: string; env: Record<string, string> } {
  const lines = ["services:", "  web:", "    image: nginx:1", "    environment:"];
  for (let i = 0; i < 250; i++) lines.push(`      V${i}: "${"$A".repeat(500)}"`);
  return { text: `${lines.join("\n")}\n`, env: { A: "x".repeat(6_500) } };
}

describe("finding 5e: interpolation and compiled output are capped", () => {
  it("a variable-amplification file is refused with a located limit error", () => {
    const { text, env } = amplificationFile();
    expect(text.length).toBeGreaterThan(250_000);
    const result = load(text, env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const limit = result.errors.find((e) => e.code === "limit");
    expect(limit).toMatchObject({ severity: "error", code: "limit", path: expect.stringMatching(/^services\.web\.environment\.V\d+$/) });
    expect(limit?.line).toBeGreaterThan(4);
    expect(limit?.column).toBeGreaterThan(0);
    // one error, not one per remaining value
    expect(result.errors.filter((e) => e.code === "limit")).toHaveLength(1);
  });

  it("one value is capped on its own", () => {
    const result = interpolateString("$A$A$A$A$A", { A: "y".repeat(MAX_INTERPOLATED_VALUE_CHARS / 4) });
    expect(result).toMatchObject({ ok: false, code: "limit", message: expect.stringMatching(/longer than 262144 characters/) });
    expect(interpolateString("$A$A$A", { A: "y".repeat(1000) })).toMatchObject({ ok: true });
  });

  it("the total is capped across values, located at the value that crosses it", () => {
    const per = 200_000; // under the per-value cap
    const count = Math.ceil(MAX_INTERPOLATED_TOTAL_CHARS / per) + 1;
    const lines = ["services:", "  web:", "    image: nginx:1", "    labels:"];
    for (let i = 0; i < count; i++) lines.push(`      l${i}: "$A"`);
    const result = load(`${lines.join("\n")}\n`, { A: "z".repeat(per) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const crossing = Math.floor(MAX_INTERPOLATED_TOTAL_CHARS / per);
    expect(result.errors).toEqual([
      expect.objectContaining({
        code: "limit",
        path: `services.web.labels.l${crossing}`,
        line: 5 + crossing,
        message: expect.stringMatching(/in total/),
      }),
    ]);
  });

  it("a service whose spec is too large (aliases repeat a big block) is a located limit error", () => {
    const big = Array.from({ length: 6 }, (_, i) => `  K${i}: "${"v".repeat(100_000)}"`).join("\n");
    const text = `x-env: &env\n${big}\nservices:\n  web:\n    image: nginx:1\n    environment: *env\n    labels: *env\n`;
    const result = load(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({
        code: "limit",
        path: "services.web",
        line: 9,
        message: expect.stringContaining(`${MAX_SERVICE_SPEC_CHARS} limit`),
      }),
    ]);
  });

  it("an application whose specs together are too large is a located limit error", () => {
    const big = Array.from({ length: 4 }, (_, i) => `  K${i}: "${"v".repeat(100_000)}"`).join("\n");
    const services = Array.from({ length: 24 }, (_, i) => `  s${i}:\n    image: nginx:1\n    environment: *env`).join("\n");
    const result = load(`x-env: &env\n${big}\nservices:\n${services}\n`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({
        code: "limit",
        path: expect.stringMatching(/^services\.s\d+$/),
        message: expect.stringContaining(`${MAX_COMPILED_CHARS} limit`),
      }),
    ]);
    expect(result.errors[0]?.line).toBeGreaterThan(5);
  });

  it("ordinary files with large variables still load", () => {
    const result = load(`services:\n  web:\n    image: nginx:1\n    environment:\n      CERT: "$CERT"\n      KEY: \${KEY}\n`, {
      CERT: "c".repeat(64 * 1024),
      KEY: "k".repeat(64 * 1024),
    });
    expect(result.ok).toBe(true);
  });
});
