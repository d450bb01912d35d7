/**
 * Wrapper for the two endpoints the registry and Docker clients call (token, notifications).
 * They speak the Docker registry protocol, not the /api/v1 contract: errors are
 * `{"errors":[{"code","message"}]}` with Docker's codes, and a refused login carries a
 * `WWW-Authenticate: Basic` challenge. Expected failures are AppErrors, as everywhere else.
 */
import { AppError, httpStatusFor, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { requestInfo, type RequestInfo } from "./request-info";
import { retryAfterOf } from "./respond";

const DOCKER_CODE: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "DENIED",
  RATE_LIMITED: "TOOMANYREQUESTS",
  INVALID_INPUT: "UNSUPPORTED",
  PAYLOAD_TOO_LARGE: "SIZE_INVALID",
  UNAVAILABLE: "UNAVAILABLE",
};

/** The usual statuses, except that invalid input is a plain 400 here (/api/v1 answers 422). */
const statusFor = (code: ErrorCode) => (code === "INVALID_INPUT" ? 400 : httpStatusFor(code));

export function registryJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

export function registryRoute(name: string, handler: (req: Request, info: RequestInfo) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    const info = requestInfo(req);
    const log = logger.child({ requestId: info.requestId, route: name });
    try {
      return await handler(req, info);
    } catch (error) {
      const code: ErrorCode = error instanceof AppError ? error.code : "INTERNAL";
      if (!(error instanceof AppError) || code === "UNAVAILABLE" || code === "INTERNAL")
        log.error({ err: error }, "registry endpoint failed");
      const message = error instanceof AppError ? error.message : `Something went wrong on our side (request ${info.requestId})`;
      const res = registryJson({ errors: [{ code: DOCKER_CODE[code] ?? "UNKNOWN", message }] }, statusFor(code));
      if (code === "UNAUTHENTICATED") res.headers.set("www-authenticate", 'Basic realm="Wharf registry"');
      const retry = error instanceof AppError ? retryAfterOf(error) : null;
      if (retry) res.headers.set("retry-after", String(retry));
      return res;
    }
  };
}
