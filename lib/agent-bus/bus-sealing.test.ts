/**
 * finding 1: every message on the Redis bus is sealed. The only way onto the bus is
 * publishSealed/subscribeSealed (lib/agent-bus/sealed.ts); this test fails when code elsewhere
 * publishes to Redis or subscribes to a channel directly, so no caller can forget.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const DIRS = ["app", "components", "lib", "gateway", "workers", "bench", "agent/src"];
const ALLOWED = new Set(["lib/agent-bus/sealed.ts", "lib/agent-bus/subscriber.ts"]);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

describe("finding 1: the Redis bus is sealed everywhere", () => {
  it("nothing publishes to Redis or subscribes to a bus channel except through sealed.ts", () => {
    const offenders: string[] = [];
    for (const dir of DIRS) {
      for (const file of sources(path.join(ROOT, dir))) {
        const rel = path.relative(ROOT, file);
        if (ALLOWED.has(rel)) continue;
        const text = readFileSync(file, "utf8");
        if (/\.publish\(/.test(text)) offenders.push(`${rel}: publishes to Redis directly (use publishSealed)`);
        if (/import\s*\{[^}]*\bsubscribe\b[^}]*\}\s*from\s*["'][^"']*agent-bus\/subscriber["']/.test(text))
          offenders.push(`${rel}: subscribes directly (use subscribeSealed)`);
        if (/\.subscribe\(|\.psubscribe\(/.test(text)) offenders.push(`${rel}: subscribes to Redis directly (use subscribeSealed)`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
