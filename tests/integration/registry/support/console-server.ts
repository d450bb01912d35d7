/**
 * The console's registry endpoints (/api/registry/token and /api/registry/events) and Alertmanager's
 * receiver (/api/alertmanager/webhook) over real HTTP for integration tests, which otherwise call
 * route modules in-process: the registry, Docker engines and Alertmanager need a URL to call. It runs the real route modules
 * through the same router as `call()`. Started by scripts/test.sh for the integration stage.
 *
 * Usage: REGISTRY_CONSOLE_LISTEN=127.0.0.1:3294,10.77.0.1:3294 node --import tsx console-server.ts
 * With CONSOLE_SERVER_ALL_ROUTES=1 it serves every API route: the console process the fault suite
 * kills (tests/integration/resilience/faults.test.ts).
 */
import http from "node:http";
import { dispatch } from "../../../support/integration/router";

const addresses = (process.env.REGISTRY_CONSOLE_LISTEN ?? "127.0.0.1:3294").split(",").filter(Boolean);
const servers: http.Server[] = [];

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  if (
    process.env.CONSOLE_SERVER_ALL_ROUTES !== "1" &&
    !url.pathname.startsWith("/api/registry/") &&
    url.pathname !== "/api/alertmanager/webhook"
  ) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
  const response = await dispatch(new Request(url, { method: req.method, headers, body }));
  res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
  res.end(Buffer.from(await response.arrayBuffer()));
}

function listen(address: string) {
  const colon = address.lastIndexOf(":");
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`console-server: ${(err as Error).stack ?? String(err)}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.once("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRNOTAVAIL") return void setTimeout(() => listen(address), 2000);
    process.stderr.write(`console-server: cannot listen on ${address}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(Number(address.slice(colon + 1)), address.slice(0, colon), () =>
    process.stdout.write(`console-server listening on ${address}\n`),
  );
  servers.push(server);
}

addresses.forEach(listen);
process.on("SIGTERM", () => {
  for (const s of servers) s.close();
  setTimeout(() => process.exit(0), 200).unref();
});
