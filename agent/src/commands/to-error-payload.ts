/**
 * Maps anything a handler threw to the `error` of a result message: a stable code plus a message
 * an operator can act on, with secrets (swarm join tokens) scrubbed and the length capped.
 */
import { isDockerError } from "../docker/docker-error";
import { scrubSecrets } from "../log/redact";
import { CommandError, type CommandErrorCode } from "./command-error";

export type ErrorPayload = { code: CommandErrorCode; message: string };

const MAX_MESSAGE = 4000;

export function toErrorPayload(error: unknown): ErrorPayload {
  const { code, message } = classify(error);
  return { code, message: scrubSecrets(message).slice(0, MAX_MESSAGE) };
}

function classify(error: unknown): ErrorPayload {
  if (error instanceof CommandError) return { code: error.code, message: error.message };
  if (isDockerError(error)) {
    if (error.statusCode === null) return { code: "DOCKER_UNAVAILABLE", message: error.message };
    if (error.statusCode === 503 && /not a swarm manager/i.test(error.detail)) return { code: "NOT_A_MANAGER", message: error.message };
    // "Cannot create a multi-host network from a worker node. Please create the network from a manager node."
    if (error.statusCode === 403 && /from a worker node/i.test(error.detail)) return { code: "NOT_A_MANAGER", message: error.message };
    if (error.statusCode === 503 && /not part of a swarm/i.test(error.detail)) return { code: "NOT_IN_SWARM", message: error.message };
    return { code: "DOCKER_ERROR", message: error.message };
  }
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}
