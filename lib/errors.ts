/**
 * The one error type domain code throws for expected failures. Its code maps to an HTTP status in
 * exactly one place (httpStatusFor); domain code never imports transport error types.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** An organisation reached one of its quotas (lib/domain/quotas); an operator can raise it. */
  QUOTA_EXCEEDED: 403,
  /** Sign-in refused until the account's e-mail address is confirmed (only with SMTP configured). */
  EMAIL_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_INPUT: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A node, Docker Engine or registry answered with an error; the message says which and why. */
  UPSTREAM_FAILED: 502,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorDetails = Record<string, unknown> | Array<Record<string, unknown>>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function httpStatusFor(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

/**
 * A request body's problems (paths relative to the body) as one INVALID_INPUT error: the first
 * one in the message, all of them in the details; null when there are none.
 */
export function invalidBody(problems: ReadonlyArray<{ path: string; message: string }>): AppError | null {
  const first = problems[0];
  if (!first) return null;
  return new AppError(
    "INVALID_INPUT",
    `Invalid body.${first.path}: ${first.message}`,
    problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
  );
}
