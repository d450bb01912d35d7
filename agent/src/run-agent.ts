/**
 * The agent's life: credential (stored, or joined with the token), then the connect loop, and the
 * exit code for whatever ended it. A credential the gateway no longer accepts is replaced by
 * joining again when a join token is at hand.
 */
import { STRICT_POLICY } from "@/lib/protocol/workload-policy";
import { commandHandlers } from "./commands/command-handlers";
import { createContainersApi } from "./docker/containers-api";
import { createDockerClient } from "./docker/docker-client";
import { createEngineConnection, type EngineConnection } from "./docker/engine-connection";
import type { AgentConfig } from "./env";
import { EXIT_CODES, type ExitCode } from "./exit-codes";
import { createHaproxyManager } from "./haproxy/haproxy-manager";
import { createInventoryCollector } from "./inventory/collect-inventory";
import { loadCaBundle } from "./join/ca-bundle";
import { forgetJoinTokenFile, resolveJoinToken } from "./join/join-token";
import { obtainCredential } from "./join/obtain-credential";
import type { Logger } from "./log/logger";
import type { LogsChannel } from "./logs/log-shipper";
import { startLogCollection, type StartLogCollectionOptions } from "./logs/start-log-collection";
import { createMetricsCollector } from "./metrics/metrics-collector";
import { MetricsSender } from "./metrics/metrics-sender";
import { createMetricsEngine } from "./metrics/service-containers";
import { createProbeEngine } from "./probes/probe-engine";
import { createProbeRunner } from "./probes/probe-runner";
import { createCommandDispatcher } from "./session/command-dispatcher";
import { runConnectLoop, type ConnectLoopOptions } from "./session/connect-loop";
import { createHeartbeatSource } from "./session/heartbeat-source";
import { CredentialFileError, CredentialStore } from "./state/credential-store";
import { createTaskReporter } from "./traffic/task-reporter";
import { AGENT_VERSION } from "./version";

export type RunAgentOptions = {
  config: AgentConfig;
  log: Logger;
  /** Aborted on SIGTERM/SIGINT. */
  signal: AbortSignal;
  /** Test seam: tuning of the connect loop (backoff, session intervals). */
  loop?: Pick<ConnectLoopOptions, "backoff" | "stableAfterMs" | "session" | "openSocket">;
  /** Test seam: log collection's polling and discovery intervals. */
  logsTuning?: StartLogCollectionOptions["tuning"];
};

export async function runAgent(options: RunAgentOptions): Promise<ExitCode> {
  const { config, log, signal } = options;
  const engine = createEngineConnection(config.dockerSocket);
  // collects (into its disk buffer) whether or not the gateway is reached, until the agent stops
  const stopLogs = new AbortController();
  signal.addEventListener("abort", () => stopLogs.abort(), { once: true });
  const logs = config.logsEnabled
    ? await startLogCollection({
        stateDir: config.stateDir,
        bufferBytes: config.logBufferBytes,
        batchesPerMinute: config.logBatchesPerMinute,
        engine,
        log,
        signal: stopLogs.signal,
        tuning: options.logsTuning,
      })
    : null;
  try {
    return await connectAndRun(options, engine, logs?.channel);
  } finally {
    // what was collected is flushed with its read positions (bounded: a stuck disk must not hold the exit)
    stopLogs.abort();
    if (logs) await Promise.race([logs.stopped, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
}

async function connectAndRun(
  { config, log, signal, loop }: RunAgentOptions,
  engine: EngineConnection,
  logs: LogsChannel | undefined,
): Promise<ExitCode> {
  let ca: string[] | undefined;
  let joinToken: string | null;
  try {
    ca = await loadCaBundle(config.caFile);
    joinToken = await resolveJoinToken(config, log);
  } catch (error) {
    log.error(error instanceof Error ? error.message : String(error));
    return EXIT_CODES.usage;
  }
  warnIfPlaintext(config.url, log);
  const docker = createDockerClient(config.dockerSocket);
  const collectInventory = createInventoryCollector({ docker, log, advertiseAddr: config.advertiseAddr });
  const store = new CredentialStore(config.stateDir);
  const policyCeiling = config.workloadPolicy === "strict" ? STRICT_POLICY : undefined;
  // HAProxy load balancers found on disk are adopted (restarted only if dead) before the gateway is
  // reached: they serve whether or not the control plane answers, and outlive this process
  const haproxy = createHaproxyManager({ stateDir: config.stateDir, log: log.child({ component: "haproxy" }) });
  await haproxy.start();
  signal.addEventListener("abort", () => void haproxy.close(), { once: true });
  const dispatcher = createCommandDispatcher({
    handlers: commandHandlers,
    docker,
    advertiseAddr: config.advertiseAddr,
    log,
    policyCeiling,
    haproxy,
  });
  const heartbeat = createHeartbeatSource({ docker, log });
  // URL probes run from the node whether or not the gateway answers (lib/protocol/probe.ts)
  const probes = createProbeRunner({ engine: createProbeEngine(engine), log: log.child({ component: "probes" }) });
  void probes.run(signal);
  const taskReporter = createTaskReporter({ engine: createContainersApi(engine), log, probes });
  const metrics = createMetrics(config, engine, log);
  // follows the engine's events from now on, across reconnects (stops with the agent)
  void taskReporter.run(signal);
  let forceJoin = false;

  for (;;) {
    let outcome;
    try {
      outcome = await obtainCredential({
        config: { ...config, joinToken },
        store,
        collectInventory,
        agentVersion: AGENT_VERSION,
        ca,
        log,
        signal,
        forceJoin,
      });
    } catch (error) {
      if (!(error instanceof CredentialFileError)) throw error;
      log.error(error.message);
      return EXIT_CODES.failure;
    }
    if (outcome.kind === "exit") return outcome.code;
    const { credential, joined } = outcome;
    if (joined) await forgetJoinTokenFile(config, log);
    const nodeLog = log.child({ nodeId: credential.nodeId });
    const end = await runConnectLoop({
      ...loop,
      connectUrl: config.connectUrl,
      credential: credential.credential,
      agentVersion: AGENT_VERSION,
      ca,
      log: nodeLog,
      signal,
      dispatcher,
      collectInventory,
      heartbeat,
      tasks: taskReporter.channel,
      metrics,
      logs,
    });
    switch (end.kind) {
      case "stopped":
        nodeLog.info("stopped");
        return EXIT_CODES.ok;
      case "replaced":
        nodeLog.info("another agent process connected as this node; this one exits");
        return EXIT_CODES.ok;
      case "revoked":
        nodeLog.error(`stopping for good: ${end.why}. Remove ${store.file} and join again with a new token to bring this machine back.`);
        return EXIT_CODES.credentialRevoked;
      case "protocol-unsupported":
        nodeLog.error(
          `the control plane does not support this agent (version ${AGENT_VERSION}): ${end.message}. Install the agent version your control plane offers.`,
        );
        return EXIT_CODES.protocolUnsupported;
      case "credential-rejected":
        if (joinToken && !joined) {
          nodeLog.warn("the gateway no longer accepts the stored credential; joining again with the join token", {
            gatewayMessage: end.message,
          });
          await store.discard();
          forceJoin = true;
          continue;
        }
        nodeLog.error(
          `the gateway refused this node's credential: ${end.message}. Remove ${store.file} and start the agent with a new join token.`,
        );
        return EXIT_CODES.credentialRevoked;
    }
  }
}

/** The metrics batches' sender (lib/protocol/metrics.ts); none when the interval is 0. */
function createMetrics(config: AgentConfig, engine: EngineConnection, log: Logger): MetricsSender | undefined {
  const intervalSeconds = config.metricsIntervalSeconds;
  if (intervalSeconds === 0) return undefined;
  const metricsLog = log.child({ component: "metrics" });
  const collector = createMetricsCollector({ engine: createMetricsEngine(engine), log: metricsLog, intervalSeconds });
  return new MetricsSender({ collector, intervalMs: intervalSeconds * 1000, log: metricsLog });
}

function warnIfPlaintext(url: string, log: Logger): void {
  const { protocol, hostname } = new URL(url);
  const loopback = hostname === "localhost" || hostname === "[::1]" || hostname.startsWith("127.");
  if (protocol === "http:" && !loopback)
    log.warn("the gateway URL is plain http: the credential travels unencrypted; use https outside a trusted network", { url });
}
