/** The endpoint list, the route files and the OpenAPI document describe the same API. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "./index";

const ROOT = path.resolve(__dirname, "../..");

function routeFile(apiPath: string): string {
  const dir = apiPath.replace(/\{(\w+)\}/g, "[$1]");
  return path.join(ROOT, "app/api/v1", dir, "route.ts");
}

describe("API contract", () => {
  it("has unique ids and unique method+path pairs", () => {
    expect(new Set(ENDPOINTS.map((e) => e.id)).size).toBe(ENDPOINTS.length);
    expect(new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`)).size).toBe(ENDPOINTS.length);
  });

  it("every endpoint has a route file exporting its method through the route wrapper", () => {
    for (const e of ENDPOINTS) {
      const file = routeFile(e.path);
      expect(existsSync(file), `${file} for ${e.id}`).toBe(true);
      const source = readFileSync(file, "utf8");
      expect(source, `${e.id} exports ${e.method}`).toMatch(new RegExp(`export const ${e.method} = route\\(`));
    }
  });

  it("organisation endpoints declare a permission; path params have schemas", () => {
    for (const e of ENDPOINTS) {
      if (e.auth === "org") expect(e.permission, e.id).toBeDefined();
      const names = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      if (names.length) expect(e.params, e.id).toBeDefined();
    }
  });

  it("builds an OpenAPI document", async () => {
    process.env.SECRETS_KEY ??= "ef".repeat(32);
    const { buildOpenApi } = await import("@/lib/http/openapi");
    const doc = buildOpenApi("http://127.0.0.1:3000");
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
  });
});
