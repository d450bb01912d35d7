/**
 * Garbage collection, done safely: Distribution's `garbage-collect` must not run while clients
 * push (it would delete blobs of an upload whose manifest is not written yet). So the registry is
 * restarted read-only (pulls keep working, pushes get "405 unsupported" for a few seconds), the
 * collection runs, and the registry is restarted normally — which also drops its in-memory blob
 * cache, so it never claims a deleted blob still exists.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import type { GcResult } from "@/lib/drivers/registry/maintenance";
import type { RegistryProcess } from "./registry-process";

export type { GcResult };

export type GcOptions = {
  binary: string;
  registry: RegistryProcess;
  normalConfig: string;
  readOnlyConfig: string;
  dataDir: string;
  dryRun: boolean;
  note: (message: string, extra?: Record<string, unknown>) => void;
};

/** Apparent size of every file under dir (what the data directory holds). */
export async function diskUsage(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) total += await diskUsage(full);
    else if (e.isFile()) total += (await lstat(full)).size;
  }
  return total;
}

function run(binary: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 30 * 60_000,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${binary} ${args.join(" ")} failed: ${stderr.trim().split("\n").slice(-5).join(" | ") || error.message}`));
        else resolve(`${stdout}\n${stderr}`);
      },
    );
  });
}

/** "3 blobs marked, 2 blobs and 1 manifests eligible for deletion" */
export function parseGcSummary(output: string): { blobs: number; manifests: number } {
  const m = /(\d+) blobs marked, (\d+) blobs and (\d+) manifests eligible for deletion/.exec(output);
  return { blobs: Number(m?.[2] ?? 0), manifests: Number(m?.[3] ?? 0) };
}

export async function garbageCollect(o: GcOptions): Promise<GcResult> {
  const started = Date.now();
  const bytesBefore = await diskUsage(o.dataDir);
  if (!existsSync(path.join(o.dataDir, "docker/registry/v2/repositories"))) {
    // Nothing was ever pushed: Distribution's collector fails on the missing tree.
    return {
      dryRun: o.dryRun,
      bytesBefore,
      bytesAfter: bytesBefore,
      freedBytes: 0,
      blobsDeleted: 0,
      manifestsDeleted: 0,
      readOnlyMs: 0,
      durationMs: Date.now() - started,
    };
  }
  if (o.dryRun) {
    const summary = parseGcSummary(await run(o.binary, ["garbage-collect", "--dry-run", o.normalConfig]));
    return {
      dryRun: true,
      bytesBefore,
      bytesAfter: bytesBefore,
      freedBytes: 0,
      blobsDeleted: summary.blobs,
      manifestsDeleted: summary.manifests,
      readOnlyMs: 0,
      durationMs: Date.now() - started,
    };
  }
  o.note("garbage collection: switching the registry to read-only");
  let readOnlyFrom = Date.now();
  let output = "";
  try {
    await o.registry.restart(o.readOnlyConfig);
    readOnlyFrom = Date.now();
    output = await run(o.binary, ["garbage-collect", o.normalConfig]);
  } finally {
    // Whatever happened, the registry goes back to normal (writable) mode.

    await o.registry.restart(o.normalConfig);
    o.note("garbage collection: registry writable again", { readOnlyMs: Date.now() - readOnlyFrom });
  }
  const readOnlyMs = Date.now() - readOnlyFrom;
  const summary = parseGcSummary(output);
  const bytesAfter = await diskUsage(o.dataDir);
  return {
    dryRun: false,
    bytesBefore,
    bytesAfter,
    freedBytes: Math.max(0, bytesBefore - bytesAfter),
    blobsDeleted: summary.blobs,
    manifestsDeleted: summary.manifests,
    readOnlyMs,
    durationMs: Date.now() - started,
  };
}
