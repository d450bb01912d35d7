import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CreateLogSinkInput } from "@/lib/schemas/log-sinks";
import { auditChange } from "../../audit/record-audit";
import { checkSinkSettings, checkSinkUrl } from "./sink-input";
import { logSinkSelect, toLogSinkView } from "./sink-view";

/**
 * Adds a sink. Shipping starts after the newest line stored now (its cursor is the id sequence's
 * position), so a new sink is not flooded with the organisation's whole history. Credentials are
 * encrypted and never returned or audited.
 */
export async function createLogSink({ ctx, input }: { ctx: OrgContext; input: CreateLogSinkInput }) {
  checkSinkUrl(input.kind, input.url);
  const settings = checkSinkSettings(input.kind, input.settings) as Prisma.InputJsonValue;
  return prisma.$transaction(async (tx) => {
    const taken = await tx.logSink.findFirst({ where: { orgId: ctx.orgId, name: input.name }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", `A log sink named ${input.name} already exists`);
    const [seq] = await tx.$queryRaw<
      Array<{ v: bigint }>
    >`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS v FROM log_lines_id_seq`;
    const created = await tx.logSink.create({
      data: {
        orgId: ctx.orgId,
        name: input.name,
        kind: input.kind,
        url: input.url,
        settings,
        enabled: input.enabled ?? true,
        secretEnc: input.credentials ? encryptSecret(JSON.stringify(input.credentials)) : null,
        cursorId: seq?.v ?? 0n,
      },
      select: logSinkSelect,
    });
    await auditChange(tx, ctx, "log-sink.create", created.id, { name: input.name, kind: input.kind, url: input.url });
    return toLogSinkView(created);
  });
}
