/**
 * The runner's maintenance API, on a Unix socket readable only by its owner (mode 0600):
 *   GET  /status         → { state, pid, readOnly, startedAt, lastGc }
 *   POST /gc[?dryRun=1]  → the GcResult (one collection at a time; a second caller joins it)
 * Workers on the registry's machine call it through lib/drivers/registry/maintenance.ts.
 */
import { chmodSync, existsSync, rmSync } from "node:fs";
import http from "node:http";
import type { GcResult } from "./garbage-collect";

export type ControlHandlers = {
  status: () => Record<string, unknown>;
  gc: (dryRun: boolean) => Promise<GcResult>;
};

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export function startControlServer(socketPath: string, h: ControlHandlers): http.Server {
  if (existsSync(socketPath)) rmSync(socketPath, { force: true });
  let running: Promise<GcResult> | null = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    if (req.method === "GET" && url.pathname === "/status") return send(res, 200, { ...h.status(), gcRunning: running !== null });
    if (req.method === "POST" && url.pathname === "/gc") {
      const dryRun = url.searchParams.get("dryRun") === "1";
      const joined = running !== null && !dryRun;
      const work = dryRun ? h.gc(true) : (running ??= h.gc(false).finally(() => (running = null)));
      work.then(
        (result) => send(res, 200, { ...result, joined }),
        (err: unknown) => send(res, 500, { error: err instanceof Error ? err.message : String(err) }),
      );
      return;
    }
    send(res, 404, { error: "not found" });
  });
  server.listen(socketPath, () => chmodSync(socketPath, 0o600));
  return server;
}
