/**
 * bench/run-all.ts — `npm run bench`: every bench in bench/, one after another, with defaults that
 * finish within about 10 minutes on 2 cores, then bench/results/<timestamp>.json and .md so two
 * runs can be compared (the Markdown table is what the README quotes).
 *
 *   npm run bench [-- --only deploy,lb] [--logs-database postgresql://…/scratch]
 *
 * Needs a running Wharf (npm run up) with its `local` cluster connected, as the installation benches
 * do; the agent benches need only Docker. The log-store bench writes hundreds of thousands of rows,
 * so it runs only against a scratch database named with --logs-database (or BENCH_LOGS_DATABASE_URL).
 * Each bench's output streams through as it runs; what is kept is its closing summary (the lines
 * after its last blank line), its exit status and its time.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

type Bench = { name: string; args: string[]; timeoutSeconds: number; env?: Record<string, string> };
type Outcome = { name: string; args: string[]; exitCode: number | null; seconds: number; summary: string[]; skipped?: string };

const { values } = parseArgs({ options: { only: { type: "string" }, "logs-database": { type: "string" } } });
const logsDatabase = values["logs-database"] ?? process.env.BENCH_LOGS_DATABASE_URL ?? "";
const ROOT = path.resolve(__dirname, "..");

/** Small enough together for ~10 minutes on 2 cores; each bench's own defaults are for longer runs. */
const BENCHES: Bench[] = [
  { name: "deploy", args: ["--runs", "5"], timeoutSeconds: 180 },
  { name: "lb", args: ["--changes", "6"], timeoutSeconds: 180 },
  { name: "release", args: [], timeoutSeconds: 300 },
  { name: "autoscale", args: ["--rounds", "1"], timeoutSeconds: 180 },
  { name: "agents", args: ["--agents", "200", "--seconds", "20", "--commands", "100"], timeoutSeconds: 120 },
  { name: "agent-metrics", args: ["--containers", "20", "--seconds", "20"], timeoutSeconds: 120 },
  { name: "agent-logs", args: ["--lines", "100000"], timeoutSeconds: 120 },
  {
    name: "logs",
    args: ["--lines", "300000", "--seconds", "10", "--searches", "5"],
    timeoutSeconds: 240,
    env: { DATABASE_URL: logsDatabase },
  },
];

/** Runs one bench, its output passed through; the summary is what follows its last blank line. */
function run(bench: Bench): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join("bench", `${bench.name}.ts`), ...bench.args], {
      cwd: ROOT,
      env: { ...process.env, ...bench.env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), bench.timeoutSeconds * 1000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const lines = out.split("\n").map((l) => l.trimEnd());
      while (lines.length && lines.at(-1) === "") lines.pop();
      const lastBlank = lines.lastIndexOf("");
      resolve({
        name: bench.name,
        args: bench.args,
        exitCode: code,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        summary: lines.slice(lastBlank + 1).slice(-12),
      });
    });
  });
}

function markdown(stamp: string, outcomes: Outcome[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = outcomes.map((o) => {
    const result = o.skipped
      ? `skipped: ${o.skipped}`
      : o.exitCode === 0
        ? o.summary.map((l) => cell(l.trim())).join("<br>")
        : `**failed** (exit ${o.exitCode ?? "killed at its time limit"})`;
    return `| ${o.name} | \`${o.args.join(" ") || "(defaults)"}\` | ${o.skipped ? "" : `${o.seconds} s`} | ${result} |`;
  });
  return [`### npm run bench, ${stamp}`, "", "| bench | arguments | time | summary |", "| --- | --- | --- | --- |", ...rows, ""].join("\n");
}

async function main() {
  const only = values.only ? new Set(values.only.split(",").map((s) => s.trim())) : null;
  const outcomes: Outcome[] = [];
  for (const bench of BENCHES.filter((b) => !only || only.has(b.name))) {
    if (bench.name === "logs" && !logsDatabase) {
      outcomes.push({
        name: bench.name,
        args: bench.args,
        exitCode: null,
        seconds: 0,
        summary: [],
        skipped: "needs a scratch database (--logs-database or BENCH_LOGS_DATABASE_URL)",
      });
      continue;
    }
    process.stdout.write(`\n==> bench ${bench.name} ${bench.args.join(" ")}\n`);
    outcomes.push(await run(bench));
  }
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const dir = path.join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, stamp.replace(/:/g, "-"));
  const table = markdown(stamp, outcomes);
  writeFileSync(`${file}.json`, `${JSON.stringify({ at: stamp, outcomes }, null, 2)}\n`);
  writeFileSync(`${file}.md`, table);
  process.stdout.write(`\n${table}\nwritten: ${path.relative(ROOT, file)}.json and .md\n`);
  if (outcomes.some((o) => !o.skipped && o.exitCode !== 0)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
