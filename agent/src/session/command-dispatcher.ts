/**
 * Runs the commands the gateway sends: de-duplicated by id (a repeated id returns the stored
 * result), at most `concurrency` at once, each bounded by the timeoutMs of its message (counted
 * from arrival, queueing included). Outlives connections: a command that finishes while the agent
 * is disconnected keeps its result for the re-delivery. Streams that commands start (logs.start)
 * live in `streams`, which the session connects to its socket.
 */
import type { AgentMessage, CommandMessage } from "@/lib/protocol";
import type { WorkloadPolicy } from "@/lib/protocol/workload-policy";
import { CommandError } from "../commands/command-error";
import type { CommandHandlers } from "../commands/command-handlers";
import { executeCommand, type CommandOutcome } from "../commands/execute-command";
import { toErrorPayload } from "../commands/to-error-payload";
import type { DockerClient } from "../docker/docker-client";
import type { HaproxyManager } from "../haproxy/haproxy-manager";
import type { Logger } from "../log/logger";
import { StreamHub } from "../streams/stream-hub";
import { IdempotencyCache } from "./idempotency-cache";
import { Limiter } from "./limiter";

const MAX_TIMER_MS = 2 ** 31 - 1;

export type ResultMessage = Extract<AgentMessage, { type: "result" }>;

export type CommandDispatcherOptions = {
  handlers: CommandHandlers;
  docker: DockerClient;
  advertiseAddr: string | null;
  log: Logger;
  concurrency?: number;
  cacheSize?: number;
  /** Where commands' streams run; a fresh hub (20 streams) by default. */
  streams?: StreamHub;
  /** --workload-policy strict: the most any cluster's workload policy may allow here. */
  policyCeiling?: WorkloadPolicy;
  /** Runs the haproxy.* commands. */
  haproxy?: HaproxyManager;
};

export type CommandDispatcher = {
  dispatch(message: CommandMessage): Promise<ResultMessage>;
  /** Commands started and not finished yet. */
  readonly inFlight: number;
  /** Resolves true when nothing runs any more, false if `timeoutMs` passed first. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Aborts everything running or queued (shutdown); their outcome becomes SHUTTING_DOWN. */
  abortAll(): void;
  /** The streams commands started; the session attaches them to its connection. */
  readonly streams: StreamHub;
};

export function createCommandDispatcher(options: CommandDispatcherOptions): CommandDispatcher {
  const { handlers, docker, advertiseAddr, log, policyCeiling, haproxy } = options;
  const limiter = new Limiter(options.concurrency ?? 4);
  const cache = new IdempotencyCache<Promise<CommandOutcome>>(options.cacheSize ?? 1000);
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  const streams = options.streams ?? new StreamHub();

  function start(message: CommandMessage): Promise<CommandOutcome> {
    const controller = new AbortController();
    const commandLog = log.child({ commandId: message.id, command: message.command });
    const timer = setTimeout(
      () => controller.abort(new CommandError("TIMEOUT", `${message.command} did not finish within ${message.timeoutMs} ms`)),
      // setTimeout fires at once for delays above 2^31-1 ms; the protocol does not cap timeoutMs
      Math.min(message.timeoutMs, MAX_TIMER_MS),
    );
    const context = { docker, advertiseAddr, log: commandLog, signal: controller.signal, streams, policyCeiling, haproxy };
    const task = limiter.run(
      () => executeCommand({ handlers, type: message.command, payload: message.payload, context }),
      controller.signal,
    );
    // The handler may not honour the signal at once (a Docker call in flight): answer on abort
    // anyway; its slot is released only when it really ends.
    let onAbort = () => {};
    const aborted = new Promise<CommandOutcome>((resolve) => {
      onAbort = () => resolve({ ok: false, error: toErrorPayload(controller.signal.reason) });
      controller.signal.addEventListener("abort", onAbort, { once: true });
    });
    const settledTask = task.then(
      (outcome) => outcome,
      (error: unknown): CommandOutcome => ({ ok: false, error: toErrorPayload(error) }),
    );
    const outcome = Promise.race([settledTask, aborted]).then((result) => {
      clearTimeout(timer);
      controller.signal.removeEventListener("abort", onAbort);
      return result;
    });
    const done = settledTask.finally(() => running.delete(message.id));
    running.set(message.id, { controller, done });
    commandLog.info("command started", { timeoutMs: message.timeoutMs, queued: limiter.queued });
    void outcome.then((result) =>
      result.ok
        ? commandLog.info("command succeeded")
        : commandLog.warn("command failed", { code: result.error.code, error: result.error.message }),
    );
    return outcome;
  }

  return {
    streams,
    async dispatch(message) {
      let outcome = cache.get(message.id);
      if (outcome) {
        log.info("duplicate command id: answering the stored result", { commandId: message.id, command: message.command });
      } else {
        outcome = start(message);
        cache.set(message.id, outcome);
      }
      const settled = await outcome;
      return settled.ok
        ? { type: "result", commandId: message.id, ok: true, result: settled.result }
        : { type: "result", commandId: message.id, ok: false, error: settled.error };
    },
    get inFlight() {
      return running.size;
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (running.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...running.values()].map((entry) => entry.done)),
          new Promise((r) => (timer = setTimeout(r, left))),
        ]);
        clearTimeout(timer);
      }
      return true;
    },
    abortAll() {
      for (const { controller } of running.values()) {
        if (!controller.signal.aborted) controller.abort(new CommandError("SHUTTING_DOWN", "the agent is shutting down"));
      }
    },
  };
}
