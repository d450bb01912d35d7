import type { OrgContext } from "@/lib/auth/context";
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { sendToSink, SinkError, type SinkNetwork } from "@/lib/drivers/log-sinks";
import { notFound } from "@/lib/errors";
import { auditChange } from "../../audit/record-audit";

/** Sends one test line with the stored settings and credentials and reports what the sink answered. */
export async function testLogSink({ ctx, sinkId, network }: { ctx: OrgContext; sinkId: string; network?: SinkNetwork }) {
  const sink = await prisma.logSink.findFirst({
    where: { id: sinkId, orgId: ctx.orgId },
    select: { id: true, kind: true, url: true, settings: true, secretEnc: true, org: { select: { slug: true } } },
  });
  if (!sink) throw notFound("Log sink");
  const credentials: unknown = sink.secretEnc ? JSON.parse(decryptSecret(sink.secretEnc)) : null;
  const line = {
    id: `test-${Date.now()}`,
    ts: new Date(),
    orgSlug: sink.org.slug,
    application: "wharf",
    service: "sink-test",
    task: null,
    container: "wharf",
    nodeId: "wharf",
    store: "test",
    stream: "stdout",
    file: null,
    text: `Wharf test line for log sink ${sink.id}`,
  };
  let result: { ok: boolean; message: string };
  try {
    await sendToSink({ kind: sink.kind, url: sink.url, settings: sink.settings, credentials, lines: [line], network });
    result = { ok: true, message: "the sink accepted a test line" };
  } catch (err) {
    result = { ok: false, message: err instanceof SinkError ? err.message : "sending failed" };
  }
  await auditChange(prisma, ctx, "log-sink.test", sink.id, { ok: result.ok });
  return result;
}
