/**
 * Runs Wharf's Prometheus (Debian's `prometheus` package, 2.42) as a child process: writes the
 * configuration generated from PROMETHEUS_* settings (config.ts) into PROMETHEUS_DATA_DIR, starts
 * /usr/bin/prometheus with it, forwards SIGTERM/SIGINT/SIGHUP and exits with it. Started by
 * `npm run up` (supervisor child "prometheus") and by the test script.
 *
 * Usage: node --import tsx scripts/prometheus/run.ts [--print-config]
 */
import "dotenv/config";
import { existsSync } from "node:fs";
import { isLoopback } from "@/gateway/scrape-auth";
import { logger } from "@/lib/logger";
import { superviseChild } from "../lib/supervise-child";
import { preparePrometheusFiles, prometheusArgs } from "./config";
import { prometheusSettings } from "./settings";

const log = logger.child({ component: "prometheus-runner" });

function main() {
  const settings = prometheusSettings();
  if (!existsSync(settings.binary))
    throw new Error(`${settings.binary} not found: install Debian's prometheus package (npm run up and npm test do it)`);
  const files = preparePrometheusFiles(settings);
  if (process.argv.includes("--print-config")) {
    process.stdout.write(`${files.configFile}\n`);
    return;
  }
  const host = (target: string) => target.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  if (!settings.scrapeToken && settings.gateways.some((g) => host(g) !== "localhost" && !isLoopback(host(g)))) {
    log.warn(
      { gateways: settings.gateways },
      "METRICS_SCRAPE_TOKEN is unset: gateways answer /metrics to loopback peers only, so remote gateways will refuse the scrape",
    );
  }
  const child = superviseChild(settings.binary, prometheusArgs(settings, files), { name: "prometheus", log });
  log.info(
    {
      pid: child.pid,
      listen: settings.listen,
      dataDir: settings.dataDir,
      gateways: settings.gateways,
      remoteWrite: Boolean(settings.remoteWrite),
    },
    "prometheus started",
  );
}

try {
  main();
} catch (err) {
  logger.fatal({ err }, "prometheus runner failed");
  process.exit(1);
}
