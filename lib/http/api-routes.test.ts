/** The edge's route table (lib/http/api-routes.ts) and the route files in app/api agree. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiRoutes } from "./api-routes";

const API_DIR = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string, segments: string[] = ["api"]): Array<{ path: string; methods: string[] }> {
  const out: Array<{ path: string; methods: string[] }> = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...routeFiles(full, [...segments, entry.replace(/^\[(\w+)\]$/, "{$1}")]));
    else if (entry === "route.ts" && !segments.some((s) => s.startsWith("[..."))) {
      const source = readFileSync(full, "utf8");
      const methods = METHODS.filter((m) => new RegExp(`export (const|(async )?function) ${m}\\b|\\bas ${m}\\b`).test(source));
      out.push({ path: `/${segments.join("/")}`, methods });
    }
  }
  return out;
}

describe("API route table", () => {
  it("lists every route file under app/api with exactly the methods it exports", () => {
    const files = routeFiles(API_DIR).map((f) => ({ ...f, methods: [...f.methods].sort() }));
    const table = apiRoutes().map((r) => ({ path: r.path, methods: [...r.methods].sort() }));
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect(table.sort(byPath)).toEqual(files.sort(byPath));
  });
});
