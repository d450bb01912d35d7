/**
 * What a release step works with: the release row, its application as a deployment sees it
 * (labels, manager, services) and the two template versions compiled with the variables each
 * runs with. Compiling again on every step is cheap and keeps nothing in memory between steps, so
 * a worker that dies loses nothing.
 */
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { getWorkloadPolicy } from "../clusters/get-workload-policy";
import { decryptEnv } from "../applications/app-view";
import { compileTemplate, type CompiledTemplate } from "../applications/compile-template";
import { loadAppContext, type AppContext } from "../applications/deploy/app-context";
import { findManager } from "../applications/deploy/find-manager";
import { releaseServices, type ReleaseServicePair } from "../traffic/release-split";
import { recordReleaseEvent } from "./release-events";

/** What a release's state machine and its view both read. */
export const RELEASE_CORE_SELECT = {
  id: true,
  applicationId: true,
  number: true,
  strategy: true,
  state: true,
  step: true,
  fromVersionId: true,
  toVersionId: true,
  fromColour: true,
  toColour: true,
  services: true,
  toWeight: true,
  canary: true,
  stepIndex: true,
  stepStartedAt: true,
} as const;

export const releaseSelect = {
  ...RELEASE_CORE_SELECT,
  orgId: true,
  drained: true,
  parallelism: true,
  awaitTraffic: true,
  requested: true,
  rollbackTo: true,
  error: true,
  envEnc: true,
  actorLabel: true,
} as const;

export type ReleaseRow = NonNullable<Awaited<ReturnType<typeof loadRelease>>>;

export function loadRelease(id: string) {
  return prisma.release.findUnique({ where: { id }, select: releaseSelect });
}

export type ReleaseContext = {
  release: ReleaseRow;
  pairs: ReleaseServicePair[];
  app: AppContext;
  clusterId: string;
  compile(which: "from" | "to"): Promise<CompiledTemplate>;
};

export async function releaseContext(release: ReleaseRow, log: Logger): Promise<ReleaseContext> {
  const { app, services, orgSlug, labels } = await loadAppContext(release.applicationId);
  const manager = await findManager(app.clusterId);
  const progress = {
    step: (message: string, level?: "info" | "warning" | "error") =>
      recordReleaseEvent(release.id, { kind: level === "error" ? "error" : "progress", message }),
  };
  const cache = new Map<string, CompiledTemplate>();
  const compile = async (which: "from" | "to") => {
    const versionId = which === "from" ? release.fromVersionId : release.toVersionId;
    const cached = cache.get(versionId);
    if (cached) return cached;
    const [version, policy, appRow] = await Promise.all([
      prisma.templateVersion.findUniqueOrThrow({ where: { id: versionId }, select: { compose: true } }),
      getWorkloadPolicy({ orgId: app.orgId, clusterId: app.clusterId }),
      prisma.application.findUniqueOrThrow({ where: { id: app.id }, select: { envEnc: true } }),
    ]);
    // The new version runs with the variables it was uploaded with; the old one with the application's.
    const env = decryptEnv(which === "to" && release.envEnc ? release.envEnc : appRow.envEnc);
    const compiled = compileTemplate({ compose: version.compose, env, appName: app.name, orgSlug, policy });
    cache.set(versionId, compiled);
    return compiled;
  };
  return {
    release,
    pairs: releaseServices(release.services),
    app: { app, orgSlug, labels, managerId: manager.id, services, log, progress },
    clusterId: app.clusterId,
    compile,
  };
}
