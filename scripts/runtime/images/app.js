// Test app for the wharf-test/node-app image (plain Node, no dependencies).
//   GET /healthz -> "ok"   (status from HEALTHZ_STATUS, default 200: lets a test make it unhealthy)
//   anything else -> "${APP_VERSION} ${hostname}\n"
// Logs one line per request to stdout; exits promptly on SIGTERM/SIGINT (it runs as PID 1,
// which gets no default signal handlers), after SHUTDOWN_DELAY_MS (default 0) of still serving:
// the graceful-shutdown delay real services use so a load balancer that drains on the stop
// signal has taken them out before they close.
"use strict";
const http = require("http");
const os = require("os");

const version = process.env.APP_VERSION || "v1";
const port = Number(process.env.PORT || 3000);
const healthStatus = Number(process.env.HEALTHZ_STATUS || 200);
const shutdownDelayMs = Number(process.env.SHUTDOWN_DELAY_MS || 0);
const host = os.hostname();

const server = http.createServer((req, res) => {
  const health = req.url === "/healthz";
  const status = health ? healthStatus : 200;
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(health ? "ok\n" : `${version} ${host}\n`);
  console.log(`${new Date().toISOString()} ${req.socket.remoteAddress} ${req.method} ${req.url} ${status}`);
});

server.listen(port, () => console.log(`listening on ${port} (version ${version}, host ${host})`));

function shutdown(signal) {
  console.log(`${signal}: shutting down${shutdownDelayMs ? ` in ${shutdownDelayMs} ms` : ""}`);
  setTimeout(() => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // keep-alive sockets would hold close() open
    setTimeout(() => process.exit(0), 2000).unref();
  }, shutdownDelayMs);
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
