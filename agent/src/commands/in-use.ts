/** Recognises the engine's "still in use" refusals, which differ by object and by Docker version. */
import { isDockerError } from "../docker/docker-error";
import { CommandError } from "./command-error";

const IN_USE = /in use|active endpoints/i;

export function isInUse(error: unknown): boolean {
  return (
    isDockerError(error) &&
    (error.statusCode === 400 || error.statusCode === 403 || error.statusCode === 409 || error.statusCode === 500) &&
    IN_USE.test(error.detail)
  );
}

/** The IN_USE CommandError for a refusal, keeping Docker's explanation (which names the user). */
export function inUseError(what: string, error: unknown): CommandError {
  const detail = isDockerError(error) ? error.detail : String(error);
  return new CommandError("IN_USE", `${what} is still in use and was not removed: ${detail}`, { cause: error });
}
