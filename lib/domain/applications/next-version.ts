/** The steps every new template version shares (a plain update, its preview, a release): compile it, store it. */
import type { OrgContext } from "@/lib/auth/context";
import { prisma, type DbClient } from "@/lib/db";
import type { NewVersionInput } from "@/lib/schemas/applications";
import { decryptEnv } from "./app-view";
import { compileForOrg } from "./compile-for-org";
import { findAppForChange } from "./find-app";

/** Compiles the next version of an application (its current variables unless the input brings new ones). */
export async function compileNext(ctx: OrgContext, applicationId: string, input: NewVersionInput) {
  const app = await findAppForChange(prisma, ctx.orgId, applicationId);
  const env = input.env ?? decryptEnv(app.envEnc);
  const { compiled, traffic, orgSlug } = await compileForOrg({
    ctx,
    name: app.name,
    clusterId: app.clusterId,
    compose: input.compose,
    env,
  });
  return { app, env, compiled, traffic, orgSlug };
}

/** Stores the next template version of an application (numbers count up per application). */
export async function insertVersion(
  tx: DbClient,
  ctx: OrgContext,
  applicationId: string,
  input: NewVersionInput,
  env: Record<string, string>,
) {
  const last = await tx.templateVersion.findFirst({ where: { applicationId }, orderBy: { version: "desc" }, select: { version: true } });
  return tx.templateVersion.create({
    data: {
      orgId: ctx.orgId,
      applicationId,
      version: (last?.version ?? 0) + 1,
      compose: input.compose,
      envKeys: Object.keys(env).sort(),
      message: input.message ?? "",
      createdById: ctx.userId,
    },
    select: { id: true, version: true },
  });
}
