/**
 * Runs Wharf's Alertmanager (Debian's `prometheus-alertmanager` package, 0.25) as a child process:
 * writes the configuration generated from ALERTMANAGER_* settings (config.ts) into
 * ALERTMANAGER_DATA_DIR, starts the binary with it, forwards SIGTERM/SIGINT/SIGHUP and exits with
 * it. Started by `npm run up` (supervisor child "alertmanager") and by the test script.
 *
 * Usage: node --import tsx scripts/alertmanager/run.ts [--print-config]
 */
import "dotenv/config";
import { existsSync } from "node:fs";
import { logger } from "@/lib/logger";
import { superviseChild } from "../lib/supervise-child";
import { alertmanagerArgs, prepareAlertmanagerFiles } from "./config";
import { alertmanagerSettings } from "./settings";

const log = logger.child({ component: "alertmanager-runner" });

function main() {
  const settings = alertmanagerSettings();
  if (!existsSync(settings.binary))
    throw new Error(`${settings.binary} not found: install Debian's prometheus-alertmanager package (npm run up and npm test do it)`);
  const files = prepareAlertmanagerFiles(settings);
  if (process.argv.includes("--print-config")) {
    process.stdout.write(`${files.configFile}\n`);
    return;
  }
  if (!settings.receiverToken)
    log.warn("ALERTMANAGER_WEBHOOK_TOKEN is unset: Wharf's receiver refuses every notification until it is set (npm run up generates one)");
  const child = superviseChild(settings.binary, alertmanagerArgs(settings, files), { name: "alertmanager", log });
  log.info({ pid: child.pid, listen: settings.listen, dataDir: settings.dataDir, receiver: settings.receiverUrl }, "alertmanager started");
}

try {
  main();
} catch (err) {
  logger.fatal({ err }, "alertmanager runner failed");
  process.exit(1);
}
