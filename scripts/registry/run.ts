/**
 * Runs Wharf's hosted registry (Debian's docker-registry, Distribution 2.8) as a host process:
 * prepares keys and config (scripts/registry/setup.ts), starts the registry on a Unix socket,
 * listens on every REGISTRY_LISTEN address and forwards to it, and serves the maintenance API
 * used for garbage collection. Started by `npm run up` (supervisor child "registry") and by the
 * test script. SIGTERM stops everything gracefully.
 *
 * Usage: node --import tsx scripts/registry/run.ts [--setup-only]
 */
import "dotenv/config";
import { execFileSync } from "node:child_process";
import { assertEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { startControlServer } from "./control-server";
import { listen, type Listener } from "./forwarder";
import { garbageCollect, type GcResult } from "./garbage-collect";
import { RegistryProcess } from "./registry-process";
import { prepareRegistryFiles } from "./setup";

const BINARY = process.env.REGISTRY_BINARY ?? "docker-registry";

function checkBinary() {
  try {
    execFileSync(BINARY, ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error(`${BINARY} not found: install Debian's docker-registry package (npm run up and npm test do it)`);
  }
}

async function main() {
  assertEnv();
  const log = logger.child({ component: "registry-runner" });
  const note = (message: string, extra: Record<string, unknown> = {}) => log.info(extra, message);
  const files = prepareRegistryFiles();
  if (process.argv.includes("--setup-only")) return;
  checkBinary();
  const { settings } = files;
  const registry = new RegistryProcess({
    binary: BINARY,
    socketPath: settings.registrySocket,
    secrets: files.secrets,
    output: (line) => process.stdout.write(`registry: ${line}\n`),
    note,
  });
  await registry.start(files.normalConfig);
  const listeners: Listener[] = settings.listen.map((address) => listen(address, { socketPath: settings.registrySocket, note }));
  let lastGc: (GcResult & { at: string }) | null = null;
  const control = startControlServer(settings.controlSocket, {
    status: () => ({
      state: registry.pid ? "running" : "stopped",
      pid: registry.pid,
      readOnly: registry.config === files.readOnlyConfig,
      startedAt: new Date(registry.startedAt).toISOString(),
      lastGc,
    }),
    gc: async (dryRun) => {
      const result = await garbageCollect({
        binary: BINARY,
        registry,
        normalConfig: files.normalConfig,
        readOnlyConfig: files.readOnlyConfig,
        dataDir: settings.dataDir,
        dryRun,
        note,
      });
      if (!dryRun) lastGc = { ...result, at: new Date().toISOString() };
      note("garbage collection done", { ...result });
      return result;
    },
  });
  note("registry runner started", {
    listen: settings.listen,
    publicHost: settings.publicHost,
    realm: settings.realm,
    dataDir: settings.dataDir,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    note("stopping", { signal });
    for (const l of listeners) l.close();
    control.close();
    await registry.stop();
    process.exit(process.exitCode ?? 0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, "registry runner failed");
  process.exit(1);
});
