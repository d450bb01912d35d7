/** Columns returned for log sinks: never secretEnc (only whether there is one). */
import type { Prisma } from "@/lib/db";
import type { LogSinkView } from "@/lib/schemas/log-sinks";
import type { Wire } from "@/lib/schemas/endpoint";

export const logSinkSelect = {
  id: true,
  name: true,
  kind: true,
  url: true,
  settings: true,
  secretEnc: true,
  enabled: true,
  cursorTs: true,
  shippedTotal: true,
  lastShippedAt: true,
  lastError: true,
  lastErrorAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.LogSinkSelect;

type Row = Prisma.LogSinkGetPayload<{ select: typeof logSinkSelect }>;

export function toLogSinkView({ secretEnc, settings, ...row }: Row): Wire<LogSinkView> {
  return { ...row, settings: (settings ?? {}) as Record<string, unknown>, hasCredentials: secretEnc !== null };
}
