/**
 * Errors from load-balancer APIs, wrapped the way STYLE.md "Errors" asks: the operation, its
 * target and the provider's own code and message, so an operator can act on it without logs.
 * Never put request parameters in here: they may carry signatures or access key ids.
 */
import { AppError } from "@/lib/errors";
import type { LbDriverKind } from "./types";

export type LbApiFailure = {
  driver: LbDriverKind;
  /** The API operation, e.g. "CreateVServerGroup". */
  operation: string;
  /** What it was applied to, e.g. "lb-bp1… listener tcp:8080". */
  target: string;
  /** The provider's error code ("InvalidLoadBalancerId.NotFound"), or a transport code ("ECONNREFUSED"). */
  providerCode: string;
  providerMessage: string;
  httpStatus?: number;
  requestId?: string;
};

const clip = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The AppError for a failed call; details carry the same fields for the API and the console. */
export function lbApiError(f: LbApiFailure): AppError {
  const message = clip(f.providerMessage.trim() || "no message");
  const status = f.httpStatus ? ` (HTTP ${f.httpStatus})` : "";
  return new AppError("UPSTREAM_FAILED", `${f.driver}: ${f.operation} on ${f.target} failed${status}: ${f.providerCode}: ${message}`, {
    driver: f.driver,
    operation: f.operation,
    target: f.target,
    providerCode: f.providerCode,
    providerMessage: message,
    ...(f.httpStatus ? { httpStatus: f.httpStatus } : {}),
    ...(f.requestId ? { requestId: f.requestId } : {}),
  });
}

/** The provider code of an error lbApiError made, or null for anything else. */
export function providerCodeOf(error: unknown): string | null {
  if (!(error instanceof AppError) || error.code !== "UPSTREAM_FAILED" || !error.details || Array.isArray(error.details)) return null;
  const code = error.details.providerCode;
  return typeof code === "string" ? code : null;
}

/** Provider codes that mean "these credentials are wrong or may not do this", per cloud. */
const CREDENTIAL_CODES = [
  /^InvalidAccessKeyId/,
  /^SignatureDoesNotMatch$/,
  /^IncompleteSignature$/,
  /^InvalidSecurityToken/,
  /^Forbidden/,
  /^NoPermission$/,
  /^InvalidClientTokenId$/,
  /^UnrecognizedClientException$/,
  /^AccessDenied/,
  /^ExpiredToken/,
  /^AuthFailure$/,
];

export const isCredentialError = (code: string) => CREDENTIAL_CODES.some((re) => re.test(code));

/** A driver was given settings or credentials its schema refuses. */
export function invalidLbConfig(
  driver: LbDriverKind,
  what: "settings" | "credentials",
  issues: { path: PropertyKey[]; message: string }[],
): AppError {
  const text = issues.map((i) => `${i.path.map(String).join(".") || what}: ${i.message}`).join("; ");
  return new AppError(
    "INVALID_INPUT",
    `${driver}: invalid ${what}: ${text}`,
    issues.map((i) => ({ field: [what, ...i.path.map(String)].join("."), message: i.message })),
  );
}
