import { prisma } from "@/lib/db";
import { appSelector } from "@/lib/protocol/object-labels";
import type { Logger } from "@/lib/logger";
import { getWorkloadPolicy } from "../../clusters/get-workload-policy";
import { decryptEnv } from "../app-view";
import { compileTemplate, type CompiledTemplate } from "../compile-template";
import type { StepLevel } from "./deployment-log";

/** Where a long operation reports its progress: a deployment's steps, or a release's timeline. */
export type ProgressLog = { step(message: string, level?: StepLevel): Promise<void> };

export type AppContext = {
  app: {
    id: string;
    orgId: string;
    name: string;
    clusterId: string;
    desiredState: "RUNNING" | "STOPPED" | "DELETED";
    currentVersionId: string | null;
  };
  orgSlug: string;
  /** Labels every Docker object of this application carries. */
  labels: Record<string, string>;
  managerId: string;
  services: Array<{ id: string; name: string; swarmName: string; replicas: number | null; startOrder: number }>;
  log: Logger;
  progress: ProgressLog;
  /** Runs between steps; throws to stop the work there (a deployment superseded while it ran). */
  checkpoint?: () => Promise<void>;
};

/** What a deployment, or a job's run, reads of its application. */
export const APP_CONTEXT_SELECT = {
  id: true,
  orgId: true,
  name: true,
  clusterId: true,
  desiredState: true,
  currentVersionId: true,
  envEnc: true,
  org: { select: { slug: true } },
} as const;

export async function loadAppContext(applicationId: string) {
  const app = await prisma.application.findUniqueOrThrow({ where: { id: applicationId }, select: APP_CONTEXT_SELECT });
  const services = await prisma.appService.findMany({
    where: { applicationId },
    orderBy: [{ startOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true, swarmName: true, replicas: true, startOrder: true },
  });
  return { app, services, orgSlug: app.org.slug, labels: appSelector(app.org.slug, app.name) };
}

/**
 * The current template version compiled with the application's variables (what gets deployed),
 * against the cluster's workload policy as it is now: a policy tightened since the version was
 * accepted refuses it here, with the located errors.
 */
export async function compileCurrent(ctx: Pick<AppContext, "app" | "orgSlug">, envEnc: string | null): Promise<CompiledTemplate | null> {
  if (!ctx.app.currentVersionId) return null;
  const [version, policy] = await Promise.all([
    prisma.templateVersion.findUniqueOrThrow({ where: { id: ctx.app.currentVersionId }, select: { compose: true } }),
    getWorkloadPolicy({ orgId: ctx.app.orgId, clusterId: ctx.app.clusterId }),
  ]);
  return compileTemplate({ compose: version.compose, env: decryptEnv(envEnc), appName: ctx.app.name, orgSlug: ctx.orgSlug, policy });
}
