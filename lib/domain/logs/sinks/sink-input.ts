/** Settings and credentials of a sink, checked against its kind (the API's update takes them untyped). */
import { isIP } from "node:net";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { LOG_SINK_SCHEMAS, type LogSinkKind } from "@/lib/schemas/log-sinks";

const SCHEMAS: Record<LogSinkKind, { settings: z.ZodType; credentials: z.ZodType }> = LOG_SINK_SCHEMAS;

function check(kind: LogSinkKind, part: "settings" | "credentials", value: unknown): unknown {
  const r = SCHEMAS[kind][part].safeParse(value);
  if (r.success) return r.data;
  throw new AppError(
    "INVALID_INPUT",
    `These ${part} do not fit a ${kind} sink`,
    r.error.issues.map((i) => ({ path: [part, ...i.path].join("."), message: i.message })),
  );
}

export const checkSinkSettings = (kind: LogSinkKind, value: unknown) => check(kind, "settings", value ?? {});
export const checkSinkCredentials = (kind: LogSinkKind, value: unknown) => check(kind, "credentials", value);

/** Log Service's SDK sends to <project>.<endpoint>: an address cannot be the endpoint. */
export function checkSinkUrl(kind: LogSinkKind, url: string): void {
  if (kind === "ALIYUN_SLS" && isIP(new URL(url).hostname.replace(/^\[|\]$/g, ""))) {
    throw new AppError(
      "INVALID_INPUT",
      "A Log Service endpoint is a host name such as cn-hangzhou.log.aliyuncs.com (requests go to <project>.<endpoint>)",
      [{ path: "url", message: "must be a host name" }],
    );
  }
}
