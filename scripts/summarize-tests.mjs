// Adds up the JSON reports of every test stage and prints the final "N passed, N failed" line.
// A stage that exited non-zero without a report (it crashed or could not start) counts as one failure.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const [dir, ...requested] = process.argv.slice(2);
const stages = requested.length ? requested : ["unit", "integration", "e2e"];
let passed = 0;
let failed = 0;
const lines = [];
for (const stage of stages) {
  const report = path.join(dir, `${stage}.json`);
  const exitFile = path.join(dir, `${stage}.exit`);
  const exit = existsSync(exitFile) ? Number(readFileSync(exitFile, "utf8")) : 1;
  let p = 0;
  let f = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, "utf8"));
    if (json.stats) {
      p = json.stats.expected + json.stats.flaky; // playwright
      f = json.stats.unexpected;
    } else {
      p = json.numPassedTests; // vitest (jest-compatible)
      f = json.numFailedTests + (json.numRuntimeErrorTestSuites ?? 0);
    }
  }
  if (exit !== 0 && f === 0) f = 1;
  lines.push(`  ${stage.padEnd(12)} ${p} passed, ${f} failed${exit !== 0 ? ` (exit ${exit})` : ""}`);
  passed += p;
  failed += f;
}
console.log(`\n${lines.join("\n")}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
