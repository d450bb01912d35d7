import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { logSinkSelect, toLogSinkView } from "./sink-view";

export async function listLogSinks({ orgId }: { orgId: string }) {
  const rows = await prisma.logSink.findMany({ where: { orgId }, select: logSinkSelect, orderBy: { name: "asc" } });
  return { items: rows.map(toLogSinkView) };
}

export async function getLogSink({ orgId, sinkId }: { orgId: string; sinkId: string }) {
  const row = await prisma.logSink.findFirst({ where: { id: sinkId, orgId }, select: logSinkSelect });
  if (!row) throw notFound("Log sink");
  return toLogSinkView(row);
}
