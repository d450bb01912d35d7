/**
 * Starting a release: a new template version, released beside the running one with a strategy
 * (chosen, or declared by `wharf.release.*` labels). The version is stored; the application keeps
 * running its current version until the release promotes.
 */
import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { NewVersionInput } from "@/lib/schemas/applications";
import type { CreateReleaseInput, ReleaseOptions, ReleaseStrategy } from "@/lib/schemas/releases";
import { recordAudit } from "../audit/record-audit";
import { issueView } from "../applications/compile-template";
import { createVersion } from "../applications/create-version";
import { compileNext, insertVersion } from "../applications/next-version";
import { getApplication } from "../applications/get-application";
import { recordEvent } from "../applications/record-event";
import { planRelease, releaseParameters } from "./release-plan";
import { recordReleaseEvent } from "./release-events";
import { getRelease } from "./release-view";
import { promptRelease } from "./sweep-releases";
import { toJsonColumn } from "../json-column";

const STRATEGY_ENUM = { rolling: "ROLLING", "blue-green": "BLUE_GREEN", canary: "CANARY" } as const satisfies Record<
  ReleaseStrategy,
  string
>;

export async function createRelease({ ctx, applicationId, input }: { ctx: OrgContext; applicationId: string; input: CreateReleaseInput }) {
  const { env, compiled } = await compileNext(ctx, applicationId, input);
  const current = await prisma.application.findUniqueOrThrow({
    where: { id: applicationId },
    select: { deployedVersionId: true, desiredState: true },
  });
  if (!current.deployedVersionId || current.desiredState !== "RUNNING") {
    throw new AppError("CONFLICT", "A release replaces a running version: deploy the application (and start it) first");
  }
  const busy = await prisma.deployment.count({ where: { applicationId, status: { in: ["QUEUED", "RUNNING"] } } });
  if (busy) throw new AppError("CONFLICT", "A deployment of this application is still running: wait for it to finish");
  const live = await prisma.appService.findMany({ where: { applicationId }, select: { name: true, swarmName: true, replicas: true } });
  const plan = planRelease({ compiled, live, options: input.release });
  const envChanged = input.env !== undefined;
  const releaseId = await prisma
    .$transaction(async (tx) => {
      const version = await insertVersion(tx, ctx, applicationId, input, env);
      const last = await tx.release.findFirst({ where: { applicationId }, orderBy: { number: "desc" }, select: { number: true } });
      const number = (last?.number ?? 0) + 1;
      const release = await tx.release.create({
        data: {
          orgId: ctx.orgId,
          applicationId,
          number,
          strategy: STRATEGY_ENUM[plan.strategy],
          fromVersionId: current.deployedVersionId as string,
          toVersionId: version.id,
          fromColour: plan.fromColour,
          toColour: plan.toColour,
          services: toJsonColumn(plan.services),
          canary: plan.canary ? toJsonColumn(plan.canary) : Prisma.JsonNull,
          parallelism: plan.parallelism,
          envEnc: envChanged ? encryptSecret(JSON.stringify(env)) : null,
          actorLabel: ctx.actor.label,
          activeKey: applicationId,
        },
        select: { id: true },
      });
      const describe =
        plan.strategy === "canary" && plan.canary ? ` (steps ${plan.canary.steps.join(" → ")} %, ${plan.canary.holdSeconds} s each)` : "";
      await recordReleaseEvent(
        release.id,
        {
          actor: ctx.actor.label,
          kind: "start",
          message: `Release #${number} of version ${version.version} started by ${ctx.actor.label}: ${plan.strategy}${describe}, ${plan.services.map((s) => `${s.from} → ${s.to}`).join(", ")}`,
        },
        tx,
      );
      await recordEvent({
        db: tx,
        orgId: ctx.orgId,
        applicationId,
        type: "release.started",
        message: `Release #${number} (${plan.strategy}) of version ${version.version} started by ${ctx.actor.label}`,
      });
      await recordAudit({
        db: tx,
        orgId: ctx.orgId,
        actor: ctx.actor,
        action: "release.create",
        targetType: "application",
        targetId: applicationId,
        details: { release: number, version: version.version, strategy: plan.strategy },
      });
      return release.id;
    })
    .catch((error: unknown) => {
      // Two releases started at once: the unique active key lets one through.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
        throw new AppError("CONFLICT", "Another release of this application has just started");
      throw error;
    });
  await promptRelease(releaseId);
  return { release: await getRelease({ orgId: ctx.orgId, releaseId }), warnings: compiled.warnings.map(issueView) };
}

/**
 * A version uploaded the plain way: released with the strategy its labels declare, when they
 * declare one and the application runs; deployed as usual otherwise.
 */
export async function uploadVersion({ ctx, applicationId, input }: { ctx: OrgContext; applicationId: string; input: NewVersionInput }) {
  const { compiled } = await compileNext(ctx, applicationId, input);
  const declared: ReleaseOptions = {};
  const { strategy } = releaseParameters(compiled, declared);
  const app = await prisma.application.findFirst({
    where: { id: applicationId, orgId: ctx.orgId },
    select: { deployedVersionId: true, desiredState: true },
  });
  if (strategy && app?.deployedVersionId && app.desiredState === "RUNNING") {
    const { release, warnings } = await createRelease({ ctx, applicationId, input: { ...input, release: declared } });
    return {
      application: await getApplication({ orgId: ctx.orgId, applicationId }),
      deployment: null,
      release: { id: release.id, number: release.number, strategy: release.strategy },
      warnings,
    };
  }
  return { ...(await createVersion({ ctx, applicationId, input })), release: null };
}
