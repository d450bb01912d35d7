/**
 * What a person does to a running release: move the blue-green weights (applied at the balancers
 * at once, not at the worker's next turn), promote, roll back. Promote and roll back are requests
 * the worker carries out between steps, so they never interleave with one.
 */
import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import { recordReleaseEvent } from "./release-events";
import { getRelease } from "./release-view";
import { promptRelease } from "./sweep-releases";

async function findActive(ctx: OrgContext, releaseId: string) {
  const release = await prisma.release.findFirst({
    where: { id: releaseId, orgId: ctx.orgId },
    select: {
      id: true,
      number: true,
      state: true,
      step: true,
      strategy: true,
      toColour: true,
      fromColour: true,
      applicationId: true,
      requested: true,
      application: { select: { clusterId: true } },
    },
  });
  if (!release) throw notFound("Release");
  if (["DONE", "FAILED", "ABORTED"].includes(release.state))
    throw new AppError("CONFLICT", `Release #${release.number} has finished (${release.state.toLowerCase()})`);
  return release;
}

export async function setReleaseWeight({ ctx, releaseId, toWeight }: { ctx: OrgContext; releaseId: string; toWeight: number }) {
  const release = await findActive(ctx, releaseId);
  if (release.strategy !== "BLUE_GREEN")
    throw new AppError(
      "CONFLICT",
      `Release #${release.number} is a ${release.strategy === "CANARY" ? "canary: it moves its own weights step by step" : "rolling release: every task weighs the same"}`,
    );
  if (release.state !== "VERIFYING" || release.step !== "hold" || release.requested) {
    throw new AppError(
      "CONFLICT",
      release.state === "VERIFYING" && !release.requested
        ? "The new colour is not healthy yet: traffic can move once its tasks pass their health checks"
        : `Release #${release.number} is ${release.requested ? `about to ${release.requested.split(":")[0]}` : release.state.toLowerCase().replace("_", " ")}: its weights are no longer yours to move`,
    );
  }
  await prisma.$transaction(async (tx) => {
    // Only while still holding: a promotion that began meanwhile wins.
    const moved = await tx.release.updateMany({
      where: { id: release.id, state: "VERIFYING", step: "hold", requested: null },
      data: { toWeight },
    });
    if (moved.count !== 1) throw new AppError("CONFLICT", `Release #${release.number} has moved on; reload it`);
    await markTrafficChanged(release.application.clusterId, tx);
    await recordReleaseEvent(
      release.id,
      {
        actor: ctx.actor.label,
        kind: "weight",
        message: `Traffic set to ${release.fromColour} ${100 - toWeight} % / ${release.toColour} ${toWeight} % by ${ctx.actor.label}`,
      },
      tx,
    );
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: "release.weight",
      targetType: "application",
      targetId: release.applicationId,
      details: { release: release.number, toWeight },
    });
  });
  await enqueueTrafficSync(release.application.clusterId);
  return getRelease({ orgId: ctx.orgId, releaseId });
}

async function request(ctx: OrgContext, releaseId: string, what: "promote" | "rollback") {
  const release = await findActive(ctx, releaseId);
  if (release.requested)
    throw new AppError("CONFLICT", `Release #${release.number} is already about to ${release.requested.split(":")[0]}`);
  if (what === "promote") {
    if (release.strategy === "ROLLING") throw new AppError("CONFLICT", "A rolling release promotes itself once every task is replaced");
    if (release.state !== "VERIFYING" || release.step === "healthy")
      throw new AppError(
        "CONFLICT",
        release.state === "VERIFYING" || release.state === "DEPLOYING" || release.state === "PENDING"
          ? "The new colour is not healthy yet: promote it once its tasks pass their health checks"
          : `Release #${release.number} is already ${release.state.toLowerCase().replace("_", " ")}`,
      );
  } else if (!["PENDING", "DEPLOYING", "VERIFYING"].includes(release.state)) {
    throw new AppError(
      "CONFLICT",
      `Release #${release.number} is already ${release.state === "PROMOTING" ? "promoting (the old colour is being removed)" : "rolling back"}`,
    );
  }
  await prisma.$transaction(async (tx) => {
    await tx.release.update({ where: { id: release.id }, data: { requested: `${what}:${ctx.actor.label}` } });
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: `release.${what}`,
      targetType: "application",
      targetId: release.applicationId,
      details: { release: release.number },
    });
  });
  await promptRelease(release.id);
  return getRelease({ orgId: ctx.orgId, releaseId });
}

export const promoteRelease = ({ ctx, releaseId }: { ctx: OrgContext; releaseId: string }) => request(ctx, releaseId, "promote");
export const rollbackRelease = ({ ctx, releaseId }: { ctx: OrgContext; releaseId: string }) => request(ctx, releaseId, "rollback");
