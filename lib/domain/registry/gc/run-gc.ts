import type { Logger } from "@/lib/logger";
import { runRegistryGc } from "@/lib/drivers/registry/maintenance";

/**
 * Garbage collection (worker job): the registry runner switches the registry to read-only,
 * runs `docker-registry garbage-collect`, and switches back (see scripts/registry/garbage-collect.ts).
 * Returns what was freed; the job run keeps it (JobRun.result) for the console.
 */
export async function runGc({ log }: { log?: Logger } = {}) {
  const result = await runRegistryGc();
  log?.info({ ...result }, "registry garbage collection done");
  return result;
}
