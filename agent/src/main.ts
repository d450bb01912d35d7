/**
 * Entry point of the wharf-agent process: configuration, signal handling, exit code.
 * First SIGTERM/SIGINT shuts down gracefully (running commands get a few seconds, the socket
 * closes with 1000); a second one exits at once.
 */
import { ConfigError, HELP_TEXT, loadCommandLine } from "./env";
import { EXIT_CODES } from "./exit-codes";
import { createLogger } from "./log/logger";
import { runAgent } from "./run-agent";
import { AGENT_VERSION } from "./version";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = loadCommandLine();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`wharf-agent: ${error.message}\n`);
    return EXIT_CODES.usage;
  }
  if (parsed.kind !== "run") {
    process.stdout.write(parsed.kind === "help" ? HELP_TEXT : `${AGENT_VERSION}\n`);
    return EXIT_CODES.ok;
  }

  const { config } = parsed;
  const log = createLogger({ level: config.logLevel, fields: { component: "agent" } });
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      log.warn("second signal: exiting now", { signal: name });
      process.exit(EXIT_CODES.failure);
    }
    log.info("shutting down", { signal: name });
    controller.abort();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  log.info("starting", {
    version: AGENT_VERSION,
    url: config.url,
    stateDir: config.stateDir,
    dockerSocket: config.dockerSocket,
    advertiseAddr: config.advertiseAddr,
    caFile: config.caFile,
    waitForToken: config.waitForToken,
    workloadPolicy: config.workloadPolicy,
  });
  try {
    return await runAgent({ config, log, signal: controller.signal });
  } catch (error) {
    log.error("agent failed", { error });
    return EXIT_CODES.failure;
  }
}

// exit explicitly: keep-alive sockets (Docker, the gateway) must not keep a finished agent alive
void main().then((code) => process.exit(code));
