// Test app for the wharf-test/node-app image (plain Node, no dependencies).
//   GET /healthz -> "ok"   (status from HEALTHZ_STATUS, default 200: lets a test make it unhealthy)
//   anything else -> "${APP_VERSION} ${hostname}\n", after LATENCY_MS (default 0) ms; a FAIL_RATE
//                    (0..1, default 0) fraction of them answers 500 "fail ${APP_VERSION} ${hostname}\n"
//                    instead (a release that is slow or failing, for the load balancer's figures)
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
const failRate = Math.min(1, Math.max(0, Number(process.env.FAIL_RATE || 0) || 0));
const latencyMs = Math.max(0, Number(process.env.LATENCY_MS || 0) || 0);
const host = os.hostname();

function answer(req, res, status, body) {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(body);
  console.log(`${new Date().toISOString()} ${req.socket.remoteAddress} ${req.method} ${req.url} ${status}`);
}

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") return answer(req, res, healthStatus, "ok\n");
  const fail = Math.random() < failRate;
  const reply = () => answer(req, res, fail ? 500 : 200, `${fail ? "fail " : ""}${version} ${host}\n`);
  if (latencyMs > 0) setTimeout(reply, latencyMs);
  else reply();
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
