// Test app for the wharf-test/node-app image (plain Node, no dependencies).
//   GET /healthz -> "ok"   (status from HEALTHZ_STATUS, default 200: lets a test make it unhealthy)
//   GET /burn?seconds=N&percent=P -> burns P % (default 100) of one core for N seconds (default 30,
//                    at most 3600), in slices of at most 10 ms between which the server keeps
//                    answering; a new /burn replaces the current one. GET /burn/stop ends it.
//                    (CPU load on request, for the autoscaling tests and bench/autoscale.ts.)
//   GET /log?lines=N&prefix=P[&file=PATH][&stderr=1][&rotate=K][&truncate=1][&pad=B][&spreadMs=T]
//                 -> writes N lines (default 1, at most 1,000,000) "P 1" … "P N", to stdout (stderr
//                    with stderr=1) or appended to PATH (absolute, created with its directory); rotate=K
//                    renames PATH to PATH.1 (replacing it) and opens a new PATH after every K lines of
//                    the request, the way logrotate + a reopening app do; truncate=1 truncates PATH to 0
//                    first (copytruncate); pad=B pads each line with "x" to B bytes; spreadMs=T spreads
//                    the lines over T ms (at most 600,000) instead of writing them at once. Answers
//                    "wrote N\n" once every line is written. (Log lines on demand, for the logs tests.)
//   anything else -> "${APP_VERSION} ${hostname}\n", after LATENCY_MS (default 0) ms; a FAIL_RATE
//                    (0..1, default 0) fraction of them answers 500 "fail ${APP_VERSION} ${hostname}\n"
//                    instead (a release that is slow or failing, for the load balancer's figures)
// Logs one line per request to stdout; exits promptly on SIGTERM/SIGINT (it runs as PID 1,
// which gets no default signal handlers), after SHUTDOWN_DELAY_MS (default 0) of still serving:
// the graceful-shutdown delay real services use so a load balancer that drains on the stop
// signal has taken them out before they close.
"use strict";
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

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

// The current burn: until when, how many ms of each 100 ms to spend, and how many are spent.
let burn = null;

function burnSlice(current) {
  if (burn !== current) return; // stopped or replaced
  const now = Date.now();
  if (now >= current.until) return void (burn = null);
  if (now - current.periodStart >= 100) Object.assign(current, { periodStart: now, spent: 0 });
  const budget = current.percent - current.spent;
  if (budget <= 0) return void setTimeout(burnSlice, current.periodStart + 100 - now, current);
  const slice = Math.min(10, budget);
  const end = now + slice;
  let x = 0;
  while (Date.now() < end) x = Math.sqrt(x + 1.5);
  current.spent += slice;
  setImmediate(burnSlice, current);
}

function startBurn(url) {
  const seconds = Math.min(3600, Math.max(0, Number(url.searchParams.get("seconds") ?? 30) || 0));
  const percent = Math.min(100, Math.max(1, Number(url.searchParams.get("percent") ?? 100) || 100));
  const now = Date.now();
  burn = { until: now + seconds * 1000, percent, periodStart: now, spent: 0 };
  setImmediate(burnSlice, burn);
  return `burning ${percent} % of a core for ${seconds} s on ${host}\n`;
}

// Open write descriptors of /log files, by path: an app holds its log file open and reopens it
// after a rotation, so lines written between the rename and the reopen land in the old file.
const logFiles = new Map();

function logTarget(url) {
  const file = url.searchParams.get("file");
  if (!file) {
    const out = url.searchParams.get("stderr") === "1" ? process.stderr : process.stdout;
    return { write: (text) => out.write(text), rotate: () => {} };
  }
  if (!path.isAbsolute(file)) throw new Error("file must be an absolute path");
  const open = () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    logFiles.set(file, fs.openSync(file, "a"));
  };
  if (!logFiles.has(file)) open();
  if (url.searchParams.get("truncate") === "1") fs.ftruncateSync(logFiles.get(file), 0);
  return {
    write: (text) => fs.writeSync(logFiles.get(file), text),
    rotate: () => {
      fs.renameSync(file, `${file}.1`);
      fs.closeSync(logFiles.get(file));
      open();
    },
  };
}

function writeLog(req, res, url) {
  const count = (name, fallback, max) => Math.min(max, Math.max(0, Math.floor(Number(url.searchParams.get(name) ?? fallback) || 0)));
  const lines = count("lines", 1, 1_000_000);
  const rotateEvery = count("rotate", 0, 1_000_000);
  const pad = count("pad", 0, 4 * 1024 * 1024);
  const spreadMs = count("spreadMs", 0, 600_000);
  const prefix = url.searchParams.get("prefix") ?? "line";
  let target;
  try {
    target = logTarget(url);
  } catch (error) {
    return answer(req, res, 400, `${error.message}\n`);
  }
  let written = 0;
  const writeUpTo = (end) => {
    let text = "";
    for (; written < end;) {
      written++;
      const line = `${prefix} ${written}`;
      text += (pad > line.length ? line + " " + "x".repeat(pad - line.length - 1) : line) + "\n";
      if (rotateEvery > 0 && written % rotateEvery === 0) {
        target.write(text);
        text = "";
        target.rotate();
      }
    }
    if (text) target.write(text);
  };
  const started = Date.now();
  const tick = () => {
    try {
      writeUpTo(spreadMs === 0 ? lines : Math.min(lines, Math.ceil((lines * (Date.now() - started)) / spreadMs)));
    } catch (error) {
      return answer(req, res, 500, `wrote ${written}, then: ${error.message}\n`);
    }
    if (written < lines) setTimeout(tick, 10);
    else answer(req, res, 200, `wrote ${written}\n`);
  };
  tick();
}

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") return answer(req, res, healthStatus, "ok\n");
  const url = new URL(req.url, "http://app");
  if (url.pathname === "/log") return writeLog(req, res, url);
  if (url.pathname === "/burn") return answer(req, res, 200, startBurn(url));
  if (url.pathname === "/burn/stop") {
    const was = burn !== null;
    burn = null;
    return answer(req, res, 200, `${was ? "stopped" : "not burning"} on ${host}\n`);
  }
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
