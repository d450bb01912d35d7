/**
 * Keeps secrets out of logs and out of error messages sent to the control plane: the node
 * credential, join tokens (Wharf's and Docker's SWMTKN-…) and anything under a secret-looking key.
 */
const SECRET_KEY = /token|credential|secret|password|passwd|authorization|cookie/i;
const SECRET_VALUE = /SWMTKN-[0-9]+-[0-9a-z]+-[0-9a-z]+/gi;
const BEARER = /\b(Bearer\s+)[^\s"']+/gi;
const REDACTED = "[redacted]";
const MAX_DEPTH = 6;

/** Removes secret-looking substrings (swarm join tokens, bearer credentials) from free text. */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_VALUE, REDACTED).replace(BEARER, `$1${REDACTED}`);
}

/** A JSON-safe copy of `value` with secret keys redacted and strings scrubbed. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (value instanceof Error) return describeError(value, depth);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Booleans and numbers under secret-looking keys ("hasToken") carry no secret.
    out[key] =
      SECRET_KEY.test(key) && (typeof item === "string" || typeof item === "object") && item !== null ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

function describeError(error: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: scrubSecrets(error.message) };
  for (const key of ["code", "statusCode", "operation", "target"] as const) {
    const item: unknown = Reflect.get(error, key);
    if (item !== undefined) out[key] = redact(item, depth + 1);
  }
  if (error.cause !== undefined) out.cause = redact(error.cause, depth + 1);
  return out;
}
