import type { UserContext } from "@/lib/auth/context";
import { enqueue } from "@/lib/queue/enqueue";
import { registryGcJob } from "@/lib/queue/jobs";
import { recordAudit } from "../../audit/record-audit";

/**
 * Queues garbage collection. It is installation-wide (blobs are shared between repositories of
 * every organisation) and puts the registry in read-only mode while it runs, so only an
 * installation operator may ask for it (the route's "operator" auth); while a collection is
 * queued or running, further requests join it (one job id). The request is recorded in the
 * operator's active organisation's audit log, when there is one.
 */
export async function requestGc({ ctx }: { ctx: UserContext }) {
  if (ctx.activeOrgId)
    await recordAudit({
      orgId: ctx.activeOrgId,
      actor: ctx.actor,
      action: "registry.gc-request",
      targetType: "registry",
      details: { scope: "installation" },
    });
  const payload = { reason: "manual" };
  const job = await enqueue(registryGcJob, payload);
  return { queued: true as const, jobId: job.id ?? registryGcJob.jobId(payload) };
}
