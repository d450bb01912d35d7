/**
 * Wrapper for endpoints that other programs (not people, not API tokens) call outside the /api/v1
 * contract with a shared secret, such as Alertmanager's receiver: request id, body size limit,
 * JSON parsing, and the usual error shape and mapping (lib/http/respond.ts). Authentication is the
 * handler's (a bearer token compared in constant time), before the body is read.
 */
import { AppError } from "@/lib/errors";
import { logger, type Logger } from "@/lib/logger";
import { readTextBody } from "./read-body";
import { requestInfo } from "./request-info";
import { appErrorResponse, errorResponse, jsonResponse } from "./respond";

export type ReceiverArgs = { req: Request; log: Logger; readJson: () => Promise<unknown> };

export function receiverRoute(name: string, limitBytes: number, handler: (args: ReceiverArgs) => Promise<unknown>) {
  return async (req: Request): Promise<Response> => {
    const info = requestInfo(req);
    const log = logger.child({ requestId: info.requestId, route: name });
    const readJson = async () => {
      const text = await readTextBody(req, limitBytes);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new AppError("INVALID_JSON", "The body is not JSON");
      }
    };
    try {
      return jsonResponse(await handler({ req, log, readJson }), { headers: { "x-request-id": info.requestId } });
    } catch (error) {
      if (error instanceof AppError) {
        if (error.code === "INTERNAL" || error.code === "UNAVAILABLE") log.error({ err: error }, error.message);
        return appErrorResponse(error, info.requestId);
      }
      log.error({ err: error }, "unhandled error in receiver");
      return errorResponse("INTERNAL", "Something went wrong on our side; quote the request id when reporting it", {
        requestId: info.requestId,
      });
    }
  };
}
