/**
 * A load balancer's settings and credentials, checked against its driver's schemas
 * (lib/drivers/lb/settings.ts). Refusals are INVALID_INPUT with field paths the console maps to
 * its inputs (body.settings.region, body.credentials.accessKeySecret).
 */
import { z } from "zod";
import { LB_DRIVER_SPECS } from "@/lib/drivers/lb/settings";
import type { LbDriverKind } from "@/lib/drivers/lb/types";
import { AppError } from "@/lib/errors";

type Issue = { path: string; message: string };

function refuse(kind: LbDriverKind, issues: Issue[]): AppError {
  const first = issues[0];
  const text = first ? `Invalid ${first.path}: ${first.message}` : "Invalid load-balancer configuration";
  return new AppError("INVALID_INPUT", `${LB_DRIVER_SPECS[kind].label}: ${text}`, issues);
}

const zodIssues = (where: "settings" | "credentials", error: z.ZodError): Issue[] =>
  error.issues.map((i) => ({ path: ["body", where, ...i.path.map(String)].join("."), message: i.message }));

/** Keys a driver's object schema declares; null when the schema is not a plain object (no check then). */
function knownKeys(schema: z.ZodType): string[] | null {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : null;
}

function unknownKeys(kind: LbDriverKind, where: "settings" | "credentials", raw: Record<string, unknown>, schema: z.ZodType): Issue[] {
  const known = knownKeys(schema);
  if (!known) return [];
  const allowed = known.length
    ? `; ${LB_DRIVER_SPECS[kind].label} takes ${known.join(", ")}`
    : `; ${LB_DRIVER_SPECS[kind].label} takes none`;
  return Object.keys(raw)
    .filter((k) => !known.includes(k))
    .map((k) => ({ path: `body.${where}.${k}`, message: `is not a setting of this driver${allowed}` }));
}

/** The driver's settings as its schema outputs them (trimmed, defaults applied). */
export function parseLbSettings(kind: LbDriverKind, raw: Record<string, unknown>): Record<string, unknown> {
  const schema = LB_DRIVER_SPECS[kind].settingsSchema;
  const extra = unknownKeys(kind, "settings", raw, schema);
  if (extra.length) throw refuse(kind, extra);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw refuse(kind, zodIssues("settings", parsed.error));
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
}

/** The credentials to store (null for a driver that takes none); empty optional fields are dropped. */
export function parseLbCredentials(kind: LbDriverKind, raw: Record<string, string> | undefined): Record<string, string> | null {
  const schema = LB_DRIVER_SPECS[kind].credentialsSchema;
  const given = Object.fromEntries(Object.entries(raw ?? {}).filter(([, v]) => v !== ""));
  if (!schema) {
    if (Object.keys(given).length) throw refuse(kind, [{ path: "body.credentials", message: "this driver takes no credentials" }]);
    return null;
  }
  const extra = unknownKeys(kind, "credentials", given, schema);
  if (extra.length) throw refuse(kind, extra);
  const parsed = schema.safeParse(given);
  if (!parsed.success) throw refuse(kind, zodIssues("credentials", parsed.error));
  return Object.fromEntries(Object.entries(parsed.data).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export const driverTakesCredentials = (kind: LbDriverKind) => LB_DRIVER_SPECS[kind].credentialsSchema !== null;
