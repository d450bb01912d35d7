/** JSON responses and the one error shape: { "error": { "code", "message", "details", "requestId" } }. */
import { AppError, httpStatusFor, type ErrorCode, type ErrorDetails } from "@/lib/errors";

const BASE_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

/** JSON.stringify that writes BigInt (byte counts) as numbers. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(BASE_HEADERS);
  new Headers(init.headers).forEach((v, k) => headers.append(k, v));
  return new Response(init.status === 204 ? null : toJson(body), { status: init.status ?? 200, headers });
}

export function errorResponse(
  code: ErrorCode,
  message: string,
  options: { details?: ErrorDetails; requestId?: string; headers?: HeadersInit } = {},
): Response {
  const error = {
    code,
    message,
    ...(options.details ? { details: options.details } : {}),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  };
  return jsonResponse({ error }, { status: httpStatusFor(code), headers: options.headers });
}

export function appErrorResponse(error: AppError, requestId?: string): Response {
  const retry = retryAfterOf(error);
  return errorResponse(error.code, error.message, {
    details: error.details,
    requestId,
    headers: retry ? { "retry-after": String(retry) } : undefined,
  });
}

/** Seconds a refused client should wait (429 answers carry it as Retry-After), from the error's details. */
export function retryAfterOf(error: AppError): number | null {
  const details = error.details as { retryAfterSeconds?: unknown } | undefined;
  const value = details && !Array.isArray(details) ? details.retryAfterSeconds : undefined;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}
