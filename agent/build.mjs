// Bundles the agent into one self-contained ESM file, .wharf/agent/wharf-agent.mjs, that runs
// with plain `node` (>= 18) on a customer's machine: no node_modules, no TypeScript.
//   node agent/build.mjs [--outfile path] [--quiet]
import { build } from "esbuild";
import { statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { outfile: { type: "string" }, quiet: { type: "boolean" } } });
const outfile = path.resolve(values.outfile ?? path.join(root, ".wharf/agent/wharf-agent.mjs"));

// dockerode pulls in transports and features the agent never uses (it talks to a unix socket):
// ssh2 (native crypto bindings, cpu-features) and the BuildKit session (gRPC + protobuf). They are
// replaced by stubs that fail loudly if ever reached.
const STUBS = [
  { filter: /^ssh2$/, what: "ssh transport" },
  { filter: /^\.\/session$/, importer: /dockerode/, what: "BuildKit session" },
  { filter: /^\.\/buildkit$/, importer: /dockerode/, what: "BuildKit" },
];

const stubs = {
  name: "wharf-stubs",
  setup(b) {
    for (const stub of STUBS) {
      b.onResolve({ filter: stub.filter }, (args) =>
        !stub.importer || stub.importer.test(args.importer) ? { path: stub.what, namespace: "wharf-stub" } : undefined,
      );
    }
    b.onLoad({ filter: /.*/, namespace: "wharf-stub" }, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not available in the wharf agent`)}); };
module.exports = new Proxy(fail, { get: (_t, key) => (key === "__esModule" ? false : fail) });`,
      loader: "js",
    }));
  },
};

// docker-modem traces every request, headers included, through `debug` when DEBUG=modem is set:
// that would print X-Registry-Auth (registry credentials) to stderr. The agent logs through its
// own redacting logger only, so `debug` becomes a silent no-op.
const silentDebug = {
  name: "wharf-silent-debug",
  setup(b) {
    b.onResolve({ filter: /^debug$/ }, () => ({ path: "debug", namespace: "wharf-silent-debug" }));
    b.onLoad({ filter: /.*/, namespace: "wharf-silent-debug" }, () => ({
      contents: `const off = () => { const log = () => {}; log.enabled = false; log.extend = off; return log; };
module.exports = Object.assign(off, { enable() {}, disable() { return ""; }, enabled: () => false });`,
      loader: "js",
    }));
  },
};

// zod's `z` namespace re-exports every locale (~40 languages); the agent's messages are English,
// the default locale, which zod imports on its own. The rest stays out of the bundle.
const zodLocales = {
  name: "wharf-zod-locales",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: path.join(path.dirname(args.importer), "../locales/en.js"), namespace: "wharf-zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "wharf-zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: "js",
      resolveDir: path.dirname(args.path),
    }));
  },
};

// The agent may use only agent/** and lib/protocol/** from this repository (STYLE.md).
const boundary = {
  name: "wharf-boundary",
  setup(b) {
    const allowed = [
      path.join(root, "agent") + path.sep,
      path.join(root, "lib/protocol") + path.sep,
      path.join(root, "node_modules") + path.sep,
    ];
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.startsWith(root + path.sep) && !allowed.some((dir) => args.path.startsWith(dir))) {
        return { errors: [{ text: `the agent must not import ${path.relative(root, args.path)} (only agent/ and lib/protocol/)` }] };
      }
      return undefined;
    });
  },
};

const started = Date.now();
const result = await build({
  entryPoints: [path.join(root, "agent/src/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node18",
  format: "esm",
  tsconfig: path.join(root, "agent/tsconfig.json"),
  // CommonJS dependencies (dockerode, ws) call require() for Node built-ins
  banner: {
    js: `#!/usr/bin/env node\nimport { createRequire as __wharfCreateRequire } from "node:module";\nconst require = __wharfCreateRequire(import.meta.url);`,
  },
  // optional native speed-ups of ws, loaded in try/catch; absent is fine
  external: ["bufferutil", "utf-8-validate"],
  plugins: [stubs, silentDebug, zodLocales, boundary],
  minify: true,
  keepNames: true,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

const bytes = statSync(outfile).size;
if (!values.quiet) {
  const inputs = Object.keys(result.metafile.inputs);
  const packages = new Set(
    inputs.filter((p) => p.includes("node_modules/")).map((p) => p.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, "$1")),
  );
  process.stdout.write(
    `built ${path.relative(process.cwd(), outfile)}: ${(bytes / 1024).toFixed(1)} KiB in ${Date.now() - started} ms ` +
      `(${inputs.length} inputs; packages: ${[...packages].sort().join(", ")})\n`,
  );
}
