/**
 * Structured logger. Child loggers carry requestId / jobId / agentId / deploymentId.
 * Never log secrets or whole env maps; the redact list is a safety net, not a licence.
 */
import pino from "pino";
import { envValue } from "./env";

export type Logger = pino.Logger;

const globalForLogger = globalThis as unknown as { wharfLogger?: Logger };

export const logger: Logger =
  globalForLogger.wharfLogger ??
  pino({
    level: envValue("LOG_LEVEL"),
    base: { service: envValue("WHARF_PROCESS") },
    redact: {
      paths: ["password", "*.password", "token", "*.token", "secret", "*.secret", "authorization", "*.authorization", "cookie", "*.cookie"],
      censor: "[redacted]",
    },
  });
globalForLogger.wharfLogger = logger;
