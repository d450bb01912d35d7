// Drives the agent's command path (dispatcher → handlers → Docker client) against one real engine,
// the way commands from the gateway arrive, and records what a session would send back: the
// "stream" messages and the agent's JSON log lines (to check that no secret reaches them).
import { randomUUID } from "node:crypto";
import { COMMANDS, type CommandPayload, type CommandResult, type CommandType } from "@/lib/protocol";
import { commandHandlers } from "@/agent/src/commands/command-handlers";
import { createDockerClient, type DockerClient } from "@/agent/src/docker/docker-client";
import { createLogger } from "@/agent/src/log/logger";
import { createCommandDispatcher, type CommandDispatcher, type ResultMessage } from "@/agent/src/session/command-dispatcher";
import type { StreamMessage } from "@/agent/src/streams/stream-hub";
import type { WorkloadPolicy } from "@/lib/protocol/workload-policy";
import type { NetnsNode } from "@/tests/support/runtime/docker-env";

export type TestAgent = {
  node: NetnsNode;
  docker: DockerClient;
  dispatcher: CommandDispatcher;
  /** Stream messages, in the order the agent sent them. */
  streams: StreamMessage[];
  /** The agent's log output (JSON lines). */
  logLines: string[];
};

/** policyCeiling: what --workload-policy strict gives a real agent (absent: the cluster's policy). */
export function testAgent(node: NetnsNode, { policyCeiling }: { policyCeiling?: WorkloadPolicy } = {}): TestAgent {
  const docker = createDockerClient(node.socketPath);
  const logLines: string[] = [];
  const log = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  const dispatcher = createCommandDispatcher({ handlers: commandHandlers, docker, advertiseAddr: node.address, log, policyCeiling });
  const streams: StreamMessage[] = [];
  dispatcher.streams.attach((message) => streams.push(message));
  return { node, docker, dispatcher, streams, logLines };
}

/**
 * What the harness may put on the wire. It plays any sender, a hostile one too: a service.apply spec
 * is whatever the test sends (the control plane's senders are held to ServiceSpec; the agent judges
 * what arrives).
 */
type WirePayload<T extends CommandType> = T extends "service.apply"
  ? Omit<CommandPayload<T>, "spec"> & { spec: Record<string, unknown> }
  : CommandPayload<T>;

export function send<T extends CommandType>(
  agent: TestAgent,
  type: T,
  payload: WirePayload<T>,
  id: string = randomUUID(),
): Promise<ResultMessage> {
  return agent.dispatcher.dispatch({ type: "command", id, command: type, payload, timeoutMs: 90_000 });
}

export async function run<T extends CommandType>(agent: TestAgent, type: T, payload: WirePayload<T>): Promise<CommandResult<T>> {
  const message = await send(agent, type, payload);
  if (!message.ok) throw new Error(`${type} on ${agent.node.name} failed: ${message.error?.code} ${message.error?.message}`);
  return COMMANDS[type].result.parse(message.result) as CommandResult<T>;
}

/** Runs a command twice with fresh ids (a re-sent command is a new delivery) and returns both results. */
export async function twice<T extends CommandType>(
  agent: TestAgent,
  type: T,
  payload: WirePayload<T>,
): Promise<[CommandResult<T>, CommandResult<T>]> {
  const first = await run(agent, type, payload);
  const second = await run(agent, type, payload);
  return [first, second];
}
