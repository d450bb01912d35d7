import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../../audit/record-audit";

export async function deleteLogSink({ ctx, sinkId }: { ctx: OrgContext; sinkId: string }) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.logSink.deleteMany({ where: { id: sinkId, orgId: ctx.orgId } });
    if (count === 0) throw notFound("Log sink");
    await auditChange(tx, ctx, "log-sink.delete", sinkId);
    return { ok: true as const };
  });
}
