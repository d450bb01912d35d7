import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma, type Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { UpdateLogSinkInput } from "@/lib/schemas/log-sinks";
import { auditChange } from "../../audit/record-audit";
import { checkSinkCredentials, checkSinkSettings, checkSinkUrl } from "./sink-input";
import { logSinkSelect, toLogSinkView } from "./sink-view";

/** Changes a sink; a new URL needs the credentials again (stored ones never go to another host). */
export async function updateLogSink({ ctx, sinkId, input }: { ctx: OrgContext; sinkId: string; input: UpdateLogSinkInput }) {
  return prisma.$transaction(async (tx) => {
    const sink = await tx.logSink.findFirst({
      where: { id: sinkId, orgId: ctx.orgId },
      select: { id: true, kind: true, url: true, name: true, secretEnc: true },
    });
    if (!sink) throw notFound("Log sink");
    if (
      input.name &&
      input.name !== sink.name &&
      (await tx.logSink.findFirst({ where: { orgId: ctx.orgId, name: input.name }, select: { id: true } }))
    ) {
      throw new AppError("CONFLICT", `A log sink named ${input.name} already exists`);
    }
    if (input.url !== undefined) checkSinkUrl(sink.kind, input.url);
    const hostChanged = input.url !== undefined && new URL(input.url).host !== new URL(sink.url).host;
    if (hostChanged && sink.secretEnc && input.credentials === undefined) {
      throw new AppError("INVALID_INPUT", "A new host needs the credentials again", [
        { path: "credentials", message: "required when the URL's host changes" },
      ]);
    }
    const data: Prisma.LogSinkUpdateInput = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.settings !== undefined ? { settings: checkSinkSettings(sink.kind, input.settings) as Prisma.InputJsonValue } : {}),
      ...(input.credentials === null ? { secretEnc: null } : {}),
      ...(input.credentials ? { secretEnc: encryptSecret(JSON.stringify(checkSinkCredentials(sink.kind, input.credentials))) } : {}),
      ...(input.enabled || input.url || input.credentials ? { lastError: null, lastErrorAt: null } : {}),
    };
    const updated = await tx.logSink.update({ where: { id: sink.id }, data, select: logSinkSelect });
    await auditChange(tx, ctx, "log-sink.update", sink.id, {
      name: input.name,
      url: input.url,
      enabled: input.enabled,
      settings: input.settings !== undefined,
      credentials: input.credentials === undefined ? "kept" : input.credentials === null ? "removed" : "replaced",
    } as Prisma.InputJsonValue);
    return toLogSinkView(updated);
  });
}
