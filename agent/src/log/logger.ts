/**
 * The agent's structured logger: one JSON object per line on stderr (stdout stays free for
 * --help/--version), with child loggers carrying context fields. Every field passes through
 * redact(), so a credential or join token that slips into a field never reaches the log.
 */
import { redact } from "./redact";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
};

export type CreateLoggerOptions = {
  level: LogLevel;
  fields?: LogFields;
  /** Where lines go; tests capture them. */
  write?: (line: string) => void;
  now?: () => Date;
};

export function createLogger({ level, fields = {}, write, now = () => new Date() }: CreateLoggerOptions): Logger {
  const sink = write ?? ((line: string) => void process.stderr.write(line));
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (lineLevel: LogLevel, msg: string, extra: LogFields | undefined) => {
    if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
    const record = redact({ ...fields, ...extra });
    const body = typeof record === "object" && record !== null ? record : {};
    const head = { time: now().toISOString(), level: lineLevel, msg };
    // head twice: first for key order, last so a field named "msg" or "level" cannot override it
    sink(`${JSON.stringify(Object.assign({}, head, body, head))}\n`);
  };
  return {
    debug: (msg, extra) => emit("debug", msg, extra),
    info: (msg, extra) => emit("info", msg, extra),
    warn: (msg, extra) => emit("warn", msg, extra),
    error: (msg, extra) => emit("error", msg, extra),
    child: (more) => createLogger({ level, fields: { ...fields, ...more }, write: sink, now }),
  };
}

/** A logger that drops everything (tests, helpers called without one). */
export const silentLogger: Logger = createLogger({ level: "error", write: () => {} });
