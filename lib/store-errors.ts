/**
 * Whether an error means PostgreSQL or Redis cannot be reached right now (restarting, link cut,
 * refusing connections), as opposed to a fault in Wharf: the API answers those with 503 in the
 * error shape, so clients retry, instead of a 500 that reads like a bug. Wharf reconnects by
 * itself.
 */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTCONN"]);
// Prisma's "cannot reach / lost the server" codes, and PostgreSQL's shutdown / starting-up states.
const STORE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "57P01", "57P02", "57P03"]);
const MESSAGES = [
  /Connection terminated/i, // node-postgres, when the server or the link goes away
  /Can't reach database server/i,
  /timeout exceeded when trying to connect/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Connection is closed/i, // ioredis
  /Reached the max retries per request limit/i, // ioredis while Redis is down
  /Stream isn't writeable/i,
];

export type DependencyDown = { store: "database" | "redis" | "unknown" };

export function dependencyDown(error: unknown, depth = 0): DependencyDown | null {
  if (!(error instanceof Error) || depth > 3) return null;
  const code = (error as { code?: unknown }).code;
  const text = `${error.name} ${error.message}`;
  const matched = (typeof code === "string" && (SOCKET_CODES.has(code) || STORE_CODES.has(code))) || MESSAGES.some((m) => m.test(text));
  if (matched) {
    const redis =
      /ioredis|redis|max retries per request|Stream isn't writeable|Connection is closed/i.test(text) ||
      error.constructor.name === "MaxRetriesPerRequestError";
    const db = /prisma|postgres|database|Connection terminated/i.test(text) || (typeof code === "string" && STORE_CODES.has(code));
    return { store: redis ? "redis" : db ? "database" : "unknown" };
  }
  return dependencyDown((error as { cause?: unknown }).cause, depth + 1);
}
