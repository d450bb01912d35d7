/**
 * Errors from the Docker Engine, wrapped with what an operator needs: the operation, its target,
 * the HTTP status and the engine's own message (or why the socket could not be reached).
 */
export type DockerErrorDetails = {
  operation: string;
  target: string | null;
  /** HTTP status from the engine; null when the engine was not reached. */
  statusCode: number | null;
  /** The engine's message, or the socket error code (ENOENT, ECONNREFUSED, EACCES…). */
  detail: string;
  cause?: unknown;
};

export class DockerError extends Error {
  override name = "DockerError";
  readonly operation: string;
  readonly target: string | null;
  readonly statusCode: number | null;
  readonly detail: string;

  constructor({ operation, target, statusCode, detail, cause }: DockerErrorDetails) {
    const what = target ? `${operation} ${target}` : operation;
    const why = statusCode === null ? `cannot reach the Docker engine: ${detail}` : `engine answered ${statusCode}: ${detail}`;
    super(`docker ${what} failed: ${why}`, { cause });
    this.operation = operation;
    this.target = target;
    this.statusCode = statusCode;
    this.detail = detail;
  }
}

export function isDockerError(error: unknown, statusCode?: number): error is DockerError {
  return error instanceof DockerError && (statusCode === undefined || error.statusCode === statusCode);
}

/** Converts whatever dockerode/docker-modem threw into a DockerError. */
export function toDockerError(error: unknown, operation: string, target: string | null, socketPath: string): DockerError {
  if (error instanceof DockerError) return error;
  const statusCode = readNumber(error, "statusCode");
  if (statusCode !== null) return new DockerError({ operation, target, statusCode, detail: engineMessage(error), cause: error });
  const code = readString(error, "code");
  const message = error instanceof Error ? error.message : String(error);
  const detail = code ? `${code} on ${socketPath}` : `${message} (${socketPath})`;
  return new DockerError({ operation, target, statusCode: null, detail, cause: error });
}

function engineMessage(error: unknown): string {
  const json: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "json") : undefined;
  if (typeof json === "object" && json !== null && typeof Reflect.get(json, "message") === "string")
    return String(Reflect.get(json, "message"));
  if (typeof json === "string" && json.trim()) return json.trim();
  if (Buffer.isBuffer(json)) return json.toString("utf8").trim();
  const message = error instanceof Error ? error.message : String(error);
  // docker-modem: "(HTTP code 409) unexpected - update out of sequence "
  return message.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, "").trim();
}

function readNumber(value: unknown, key: string): number | null {
  const item: unknown = typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined;
  return typeof item === "number" ? item : null;
}

function readString(value: unknown, key: string): string | null {
  const item: unknown = typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined;
  return typeof item === "string" ? item : null;
}
