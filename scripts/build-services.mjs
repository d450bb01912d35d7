// Bundles the control plane's long-running processes, the agent gateway and the workers, into
// .wharf/services/{gateway,worker}.cjs: our TypeScript compiled once, node_modules left as they are
// (required at run time). `node --import tsx` compiles every module of the graph at each start: on
// 2 cores a worker took 6-7 s to boot that way and 2 s from the bundle. Every restart pays it (the
// supervisor's after a crash, and the test suite's ~150 process starts), so up.sh and the tests
// run the bundles; `npm run worker` / `npm run gateway` still run the sources for development.
//   node scripts/build-services.mjs [--quiet]
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { quiet: { type: "boolean" } } });
const SERVICES = { gateway: "gateway/main.ts", worker: "workers/main.ts" };
const outdir = path.join(root, ".wharf/services");

const started = Date.now();
await Promise.all(
  Object.entries(SERVICES).map(([name, entry]) =>
    build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(outdir, `${name}.cjs`),
      bundle: true,
      platform: "node",
      target: "node20",
      // the sources are CommonJS under tsx too (package.json has no "type": "module")
      format: "cjs",
      packages: "external",
      tsconfig: path.join(root, "tsconfig.json"),
      // stack traces in the logs point at the sources (run with --enable-source-maps)
      sourcemap: true,
      logLevel: "warning",
    }),
  ),
);
if (!values.quiet)
  process.stdout.write(
    `built ${Object.keys(SERVICES)
      .map((n) => `.wharf/services/${n}.cjs`)
      .join(", ")} in ${Date.now() - started} ms\n`,
  );
