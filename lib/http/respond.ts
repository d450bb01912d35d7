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
  const error = { code, message, ...(options.details ? { details: options.details } : {}), ...(options.requestId ? { requestId: options.requestId } : {}) };
  return jsonResponse({ error }, { status: httpStatusFor(code), headers: options.headers });
}

export function appErrorResponse(error: AppError, requestId?: string): Response {
  return errorResponse(error.code, error.message, { details: error.details, requestId });
}
