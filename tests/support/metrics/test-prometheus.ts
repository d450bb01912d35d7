/**
 * A real Prometheus of the test's own (Debian's /usr/bin/prometheus), scraping a small exporter
 * the test runs on loopback every second. The chart API is the code under test; the exporter only
 * feeds Prometheus series labelled the way the gateways label theirs (lib/metrics/metric-names.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { waitFor } from "../wait-for";

const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";

export type Exporter = { url: string; server: Server; setBody: (text: string) => void };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Serves whatever exposition text the test sets, at /metrics. */
export async function startExporter(): Promise<Exporter> {
  let body = "";
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `127.0.0.1:${port}`, server, setBody: (text) => (body = text) };
}

export type TestPrometheus = { url: string; stop: () => Promise<void>; process: ChildProcess };

export async function startPrometheus(target: string): Promise<TestPrometheus> {
  if (!existsSync(PROMETHEUS_BIN)) throw new Error(`${PROMETHEUS_BIN} is missing: apt-get install -y --no-install-recommends prometheus`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-test-prometheus-"));
  const config = path.join(dir, "prometheus.yml");
  // honor_labels: the exporter's org/cluster/node labels are the gateways' and must be kept as they are.
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: exporter\n    honor_labels: true\n    static_configs:\n      - targets: ["${target}"]\n`,
  );
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`Prometheus on ${url} to be ready`, async () => (await fetch(`${url}/-/ready`)).ok, 30_000, 200).catch((err: Error) => {
    child.kill("SIGKILL");
    throw new Error(`${err.message}; its log: ${stderr}`);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, stop, process: child };
}
