/**
 * Client of the registry runner's maintenance API (scripts/registry/control-server.ts), a Unix
 * socket next to the registry's files: garbage collection. The caller must run on the
 * registry's machine (workers do, in the default single-machine install).
 */
import http from "node:http";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { registrySettings } from "./settings";

export const gcResultSchema = z.object({
  dryRun: z.boolean(),
  bytesBefore: z.number(),
  bytesAfter: z.number(),
  freedBytes: z.number(),
  blobsDeleted: z.number(),
  manifestsDeleted: z.number(),
  readOnlyMs: z.number(),
  durationMs: z.number(),
  /** True when another collection was already running and this call waited for it. */
  joined: z.boolean().optional(),
});
export type GcResult = z.infer<typeof gcResultSchema>;

function controlRequest(method: string, path: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const { controlSocket } = registrySettings();
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: controlSocket, method, path, timeout: timeoutMs }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: { error: text.slice(0, 500) } });
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err) =>
      reject(
        new AppError(
          "UNAVAILABLE",
          `The registry runner's maintenance socket ${controlSocket} does not answer (${err.message}); is the registry running on this machine?`,
        ),
      ),
    );
    req.end();
  });
}

/** Runs garbage collection (read-only window, collect, writable again) and reports what it freed. */
export async function runRegistryGc({ dryRun = false }: { dryRun?: boolean } = {}): Promise<GcResult> {
  const res = await controlRequest("POST", `/gc${dryRun ? "?dryRun=1" : ""}`, 35 * 60_000);
  if (res.status !== 200) {
    const message = (res.body as { error?: string }).error ?? `status ${res.status}`;
    throw new AppError("UPSTREAM_FAILED", `Registry garbage collection failed: ${message}`);
  }
  return gcResultSchema.parse(res.body);
}
