/**
 * The dependency rules of STYLE.md ("Dependency direction"), checked on every import of the product's
 * code instead of remembered. Test files are exempt: they may reach into any layer they exercise.
 * When you add a part, add its rule here.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const SOURCE_DIRS = ["app", "components", "lib", "workers", "gateway", "agent"];
const SKIP_DIRS = new Set(["node_modules", ".next", ".next-test", "dist"]);

/** An import as the rules see it: a repository path without extension ("lib/db"), or "pkg:<name>". */
type Edge = { from: string; to: string };

type Rule = {
  name: string;
  /** The files the rule is about. */
  applies: (file: string) => boolean;
  /** True when `to` is an import such a file must not have. */
  forbids: (to: string) => boolean;
};

const isLocal = (to: string) => !to.startsWith("pkg:");
const under =
  (...prefixes: string[]) =>
  (p: string) =>
    prefixes.some((x) => p === x || p.startsWith(`${x}/`));
const pkg =
  (...names: string[]) =>
  (to: string) =>
    names.some((n) => to === `pkg:${n}` || to.startsWith(`pkg:${n}/`));
// What talks to the outside world: not for pure code.
const ioPackage = pkg(
  "node:fs",
  "fs",
  "node:child_process",
  "child_process",
  "node:net",
  "net",
  "node:http",
  "http",
  "node:https",
  "https",
  "dockerode",
  "ioredis",
  "bullmq",
  "pg",
  "@prisma/client",
);
const prisma = (to: string) => to === "lib/db" || pkg("@prisma/client")(to);

export const RULES: Rule[] = [
  {
    name: "the agent imports only agent/ and lib/protocol/ (it ships alone to customers' machines)",
    applies: under("agent"),
    forbids: (to) => isLocal(to) && !under("agent", "lib/protocol")(to),
  },
  {
    name: "lib/protocol is schemas only (zod), shared with the agent",
    applies: under("lib/protocol"),
    forbids: (to) => (isLocal(to) ? !under("lib/protocol")(to) : !pkg("zod")(to)),
  },
  {
    name: "lib/compose is pure: compose and protocol only, no I/O",
    applies: under("lib/compose"),
    forbids: (to) => (isLocal(to) ? !under("lib/compose", "lib/protocol")(to) : ioPackage(to)),
  },
  {
    name: "lib/templates is data: the built-in templates import only lib/templates and lib/schemas",
    applies: under("lib/templates"),
    forbids: (to) => (isLocal(to) ? !under("lib/templates", "lib/schemas")(to) : !pkg("zod")(to)),
  },
  {
    name: "lib/domain never imports the console (app/, components/, Next.js, React)",
    applies: under("lib/domain"),
    forbids: (to) => under("app", "components")(to) || pkg("next", "react", "react-dom")(to),
  },
  {
    name: "Prisma only in lib/domain and lib/db.ts",
    // The process entry points own the pool's lifetime: they only close it on shutdown.
    applies: (file) => !under("lib/domain")(file) && !["lib/db", "lib/pg-adapter", "workers/main", "gateway/main"].includes(file),
    forbids: prisma,
  },
  {
    name: "components/ reach data through lib/query and lib/schemas, never the domain, queue or database",
    applies: under("components"),
    forbids: (to) => under("lib/domain", "lib/db", "lib/queue", "lib/drivers", "lib/redis", "lib/agent-bus", "workers", "gateway")(to),
  },
  {
    name: "lib/ never imports the processes or the console (workers/, gateway/, agent/, app/, components/)",
    applies: (file) => under("lib")(file) && !under("lib/query")(file),
    forbids: under("workers", "gateway", "agent", "app", "components"),
  },
];

const stripExtension = (p: string) => p.replace(/\.(tsx?|mts|js|mjs)$/, "").replace(/\/index$/, "");

/** The imports of one file, as edges (static imports, re-exports and dynamic import("…")). */
export function importsOf(file: string, source: string): Edge[] {
  const from = stripExtension(file);
  return ts.preProcessFile(source, true, true).importedFiles.map(({ fileName: spec }) => {
    if (spec.startsWith("@/")) return { from, to: stripExtension(spec.slice(2)) };
    if (spec.startsWith(".")) return { from, to: stripExtension(path.posix.join(path.posix.dirname(file), spec)) };
    return { from, to: `pkg:${spec}` };
  });
}

export function violations(edges: Edge[], rules: Rule[] = RULES): string[] {
  return edges.flatMap((e) => rules.filter((r) => r.applies(e.from) && r.forbids(e.to)).map((r) => `${e.from} → ${e.to}: ${r.name}`));
}

function productFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : productFiles(rel);
    return /\.(tsx?|mts)$/.test(entry.name) &&
      !/\.(test|spec)\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith(".d.ts") &&
      !rel.includes("/testing/")
      ? [rel]
      : [];
  });
}

describe("import rules (STYLE.md, dependency direction)", () => {
  const files = SOURCE_DIRS.flatMap(productFiles);
  const edges = files.flatMap((f) => importsOf(f, readFileSync(path.join(ROOT, f), "utf8")));

  it("reads the product's imports", () => {
    expect(files.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.from === "agent/src/main" && e.to.startsWith("agent/src/"))).toBe(true);
  });

  it("holds for every import", () => {
    expect(violations(edges)).toEqual([]);
  });

  it("catches a forbidden import of each kind", () => {
    const planted: Array<[string, string]> = [
      ["agent/src/commands/service-apply.ts", 'import { prisma } from "@/lib/db";'],
      ["lib/protocol/commands.ts", 'import { x } from "../compose/index";'],
      ["lib/compose/to-swarm-spec.ts", 'import Docker from "dockerode";'],
      ["lib/domain/applications/apply-template.ts", 'import { redirect } from "next/navigation";'],
      ["app/api/v1/applications/route.ts", 'import { prisma } from "@/lib/db";'],
      ["components/applications/live-report-alert.tsx", 'import { listApplications } from "@/lib/domain/applications/list";'],
      ["lib/queue/schedules.ts", 'const m = await import("../../workers/main");'],
    ];
    const found = violations(planted.flatMap(([file, source]) => importsOf(file, source)));
    for (const [file] of planted)
      expect(
        found.some((v) => v.startsWith(`${file.replace(/\.tsx?$/, "")} → `)),
        file,
      ).toBe(true);
    expect(found[0]).toMatch(/^agent\/src\/commands\/service-apply → lib\/db: the agent imports only/);
  });
});
