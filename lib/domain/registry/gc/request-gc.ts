import type { OrgContext } from "@/lib/auth/context";
import { enqueue } from "@/lib/queue/enqueue";
import { registryGcJob } from "@/lib/queue/jobs";
import { recordAudit } from "../../audit/record-audit";

/**
 * Queues garbage collection. It is installation-wide (blobs are shared between repositories) and
 * only removes blobs no manifest references, so any organisation's admin may ask for it; while a
 * collection is queued or running, further requests join it (one job id).
 */
export async function requestGc({ ctx }: { ctx: OrgContext }) {
  await recordAudit({ orgId: ctx.orgId, actor: ctx.actor, action: "registry.gc-request", targetType: "registry" });
  const payload = { reason: "manual" };
  const job = await enqueue(registryGcJob, payload);
  return { queued: true as const, jobId: job.id ?? registryGcJob.jobId(payload) };
}
