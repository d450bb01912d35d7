import type { Actor } from "@/lib/auth/context";
import type { $Enums } from "@prisma/client";
import type { DbClient, Prisma } from "@/lib/db";
import type { DeploymentKind } from "@/lib/schemas/applications";
import { logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/enqueue";
import { applicationDeployJob } from "@/lib/queue/jobs";
import { storedSteps } from "./deploy/deployment-log";

const ENQUEUE_WAIT_MS = 3_000;

export const deploymentSelect = {
  id: true,
  kind: true,
  status: true,
  versionId: true,
  params: true,
  steps: true,
  error: true,
  actorLabel: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.DeploymentSelect;

export type { DeploymentKind };

// The API's list and the database's enum are the same set, or this does not compile.
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatch: SameSet<DeploymentKind, $Enums.DeploymentKind> = true;
void kindsMatch;

/** Records a deployment (QUEUED) in the caller's transaction. Enqueue it after commit with startDeployments. */
export async function createDeployment({
  db,
  orgId,
  applicationId,
  kind,
  versionId = null,
  params = {},
  actor,
}: {
  db: DbClient;
  orgId: string;
  applicationId: string;
  kind: DeploymentKind;
  versionId?: string | null;
  params?: Prisma.InputJsonValue;
  actor: Actor;
}) {
  return db.deployment.create({
    data: { orgId, applicationId, kind, versionId, params, actorLabel: actor.label },
    select: deploymentSelect,
  });
}

/**
 * Deployments of one application run one at a time, oldest first; the job drains the queue. The
 * deployment is already in PostgreSQL: when Redis cannot take the job now (restarting, lost), the
 * applications sweep starts it once Redis is back, so the request that queued it still succeeds
 * instead of failing after its change was recorded.
 */
export async function startDeployments(applicationId: string) {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not take the job within ${ENQUEUE_WAIT_MS} ms`)), ENQUEUE_WAIT_MS);
  });
  try {
    await Promise.race([enqueue(applicationDeployJob, { applicationId }), gaveUp]);
  } catch (err) {
    logger.warn({ err, applicationId }, "deployment recorded but not enqueued; the applications sweep will start it");
  } finally {
    clearTimeout(timer);
  }
}

type DeploymentRow = Prisma.DeploymentGetPayload<{ select: typeof deploymentSelect }>;

export function toDeploymentView(row: DeploymentRow, versions: Map<string, number>) {
  const { versionId, ...rest } = row;
  return { ...rest, version: versionId ? (versions.get(versionId) ?? null) : null, steps: storedSteps(row.steps) };
}
