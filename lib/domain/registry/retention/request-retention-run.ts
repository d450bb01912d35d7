import type { OrgContext } from "@/lib/auth/context";
import { enqueue } from "@/lib/queue/enqueue";
import { registryRetentionRunJob } from "@/lib/queue/jobs";
import { recordAudit } from "../../audit/record-audit";

/** Queues a retention run for the organisation now (it also runs on a schedule). */
export async function requestRetentionRun({ ctx }: { ctx: OrgContext }) {
  await recordAudit({
    orgId: ctx.orgId,
    actor: ctx.actor,
    action: "retention.run-request",
    targetType: "organization",
    targetId: ctx.orgId,
  });
  const job = await enqueue(registryRetentionRunJob, { orgId: ctx.orgId });
  return { queued: true as const, jobId: job.id ?? registryRetentionRunJob.jobId({ orgId: ctx.orgId }) };
}
