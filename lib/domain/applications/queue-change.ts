/** What every requested change of an application shares: record it, audit it, queue the deployment that carries it out. */
import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { recordAudit } from "../audit/record-audit";
import { findAppForChange } from "./find-app";
import { createDeployment, startDeployments, toDeploymentView, type DeploymentKind } from "./queue-deployment";

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/** Who asks for a change: a person or token (an OrgContext), or Wharf itself acting for an organisation (the autoscaler). */
export type ChangeContext = Pick<OrgContext, "orgId" | "actor">;

export type QueueChangeOptions = {
  ctx: ChangeContext;
  applicationId: string;
  kind: DeploymentKind;
  /** Audit action, e.g. "application.scale". */
  audit: string;
  details: Record<string, string | number>;
  /** Desired-state changes written in the same transaction as the deployment. */
  prepare?: (tx: Tx) => Promise<void>;
  /** More writes in the same transaction, once the deployment exists (the autoscaler's decision). */
  recorded?: (tx: Tx, deploymentId: string) => Promise<void>;
  versionId?: string;
};

/** Records the desired change, audits it and queues the deployment that carries it out. */
export async function queueChange({ ctx, applicationId, kind, audit, details, prepare, recorded, versionId }: QueueChangeOptions) {
  const deployment = await prisma.$transaction(async (tx) => {
    await findAppForChange(tx, ctx.orgId, applicationId);
    await prepare?.(tx);
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: audit,
      targetType: "application",
      targetId: applicationId,
      details,
    });
    const created = await createDeployment({ db: tx, orgId: ctx.orgId, applicationId, kind, versionId, params: details, actor: ctx.actor });
    await recorded?.(tx, created.id);
    return created;
  });
  await startDeployments(applicationId);
  return toDeploymentView(deployment, new Map());
}
