import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { CommandResult } from "@/lib/protocol/commands";
import type { ServiceSpec } from "@/lib/protocol/service-spec";
import { equivalentAt } from "@/lib/protocol/spec-equivalence";
import { redis, redisKey } from "@/lib/redis";
import type { LiveDifference, LiveReport } from "@/lib/schemas/applications";
import { LockBusyError, withLock } from "@/lib/redis-lock";
import { sendCommand } from "../commands/send-command";
import { compileCurrent, loadAppContext } from "./deploy/app-context";
import { applyServiceSpec } from "./deploy/apply-template";
import { bindDataObjects, contentNames } from "./deploy/bind-data-objects";
import { findManager } from "./deploy/find-manager";
import { liveDifferences } from "./live-differences";
import { recordEvent } from "./record-event";
import { specImage, specMode, withReplicas } from "./service-facts";

type Status = CommandResult<"services.status">;
type Drift = LiveDifference;

const IMAGE_PATH = "TaskTemplate.ContainerSpec.Image";

/**
 * Differences between a service's desired spec and what the swarm runs, in what an operator changes
 * by hand (replicas, image), judged by the equivalence the agent applies before an update
 * (lib/protocol/spec-equivalence.ts). The rest of a spec is the agent's to compare on every apply:
 * the engine-held spec carries network IDs and bound secret IDs that only it resolves.
 */
function driftOf(desired: ServiceSpec | undefined, actual: Status["services"][number] | undefined, stopped: boolean): string | null {
  if (!desired) return null;
  if (!actual) return "missing from the cluster";
  const want = specMode(desired).replicas;
  const replicas = stopped ? 0 : want;
  // A job's tasks run to completion: its completions are not replicas to restore.
  const job = Boolean(desired.Mode?.ReplicatedJob ?? desired.Mode?.GlobalJob);
  if (
    actual.mode === "replicated" &&
    !job &&
    replicas !== null &&
    !equivalentAt(withReplicas(desired, replicas).Mode, actual.spec.Mode, "Mode")
  )
    return `${actual.replicas} replicas instead of ${replicas}`;
  // The agent pins a tag to the digest it resolved ("…:1@sha256:…"); the tag is what was asked for.
  if (!equivalentAt(specImage(desired), actual.image.split("@")[0], IMAGE_PATH))
    return `runs ${actual.image} instead of ${specImage(desired)}`;
  return null;
}

/**
 * Compares a running application with the cluster: recreates services deleted by hand, restores
 * replicas and images changed outside Wharf, records task failures with Docker's reason, and keeps
 * the application's status (running / degraded) and drift report current. Skipped while a
 * deployment of the application is queued or running.
 */
export async function reconcileApplication({ applicationId, log }: { applicationId: string; log: Logger }) {
  try {
    return await withLock(`app-deploy:${applicationId}`, async () => {
      const busy = await prisma.deployment.count({ where: { applicationId, status: { in: ["QUEUED", "RUNNING"] } } });
      if (busy > 0) return { skipped: true };
      // A release runs two colours and scales them itself: what it does is not drift.
      if (await prisma.release.count({ where: { activeKey: applicationId } })) return { skipped: true };
      const { app, services, orgSlug, labels } = await loadAppContext(applicationId);
      if (app.desiredState === "DELETED" || !app.currentVersionId) return { skipped: true };
      const manager = await findManager(app.clusterId);
      const stopped = app.desiredState === "STOPPED";
      const status = await sendCommand({ nodeId: manager.id, type: "services.status", payload: { labels } });
      const compiled = await compileCurrent({ app, orgSlug }, app.envEnc).catch((err: unknown) => {
        // A template the cluster's (since tightened) workload policy refuses is not re-applied:
        // running services stay as they are until a new version passes the policy.
        if (!(err instanceof AppError && err.code === "INVALID_INPUT")) throw err;
        log.warn({ applicationId, error: err.message }, "the current template no longer compiles; drift is not repaired");
        return null;
      });
      const drift: Drift[] = [];
      for (const row of services) {
        const desired = compiled?.services.find((s) => s.name === row.name);
        const actual = status.services.find((s) => s.name === row.swarmName);
        const problem = driftOf(desired ? withReplicas(desired.spec, row.replicas) : undefined, actual, stopped);
        if (!problem || !desired) continue;
        drift.push({ service: row.name, problem });
        // Point secret/config references at the content-named objects the last deploy created.
        const spec = bindDataObjects(
          withReplicas(desired.spec, stopped ? 0 : row.replicas),
          contentNames(compiled?.secrets ?? []),
          contentNames(compiled?.configs ?? []),
        );
        await applyServiceSpec({ app, managerId: manager.id }, spec, compiled?.policy);
        await recordEvent({
          orgId: app.orgId,
          applicationId,
          type: "drift.fixed",
          level: "WARNING",
          service: row.name,
          message: `${row.swarmName} was ${problem}; restored from the template`,
        });
        log.warn({ applicationId, service: row.swarmName, problem }, "drift repaired");
      }
      await recordTaskFailures(app.orgId, applicationId, status);
      // What was just put back is reported as repaired, not as still differing.
      const differences = liveDifferences({ services, status }).filter((d) => !drift.some((r) => r.service === d.service));
      const report: LiveReport | null =
        drift.length || differences.length ? { checkedAt: new Date().toISOString(), repaired: drift, differences } : null;
      await prisma.application.update({
        where: { id: applicationId },
        data: {
          drift: report ?? Prisma.JsonNull,
          status: stopped ? "STOPPED" : report ? "DEGRADED" : "RUNNING",
        },
      });
      return { drift: drift.length };
    });
  } catch (err) {
    if (err instanceof LockBusyError) return { skipped: true };
    throw err;
  }
}

/** Task failures become timeline events once each, with the reason Docker gives. */
async function recordTaskFailures(orgId: string, applicationId: string, status: Status) {
  const failed = status.tasks.filter((t) => ["failed", "rejected"].includes(t.state));
  if (failed.length === 0) return;
  const key = redisKey("app-failed-tasks", applicationId);
  for (const t of failed) {
    const fresh = await redis().sadd(key, t.id);
    if (!fresh) continue;
    await recordEvent({
      orgId,
      applicationId,
      type: "task.failed",
      level: "ERROR",
      service: t.serviceName.split("_").slice(1).join("_") || t.serviceName,
      message: `Task ${t.serviceName}.${t.slot ?? ""} ${t.state}: ${t.error ?? t.message}${t.exitCode !== null ? ` (exit code ${t.exitCode})` : ""}`,
      details: { taskId: t.id, nodeId: t.nodeId, exitCode: t.exitCode },
    });
  }
  await redis().expire(key, 7 * 86_400);
}
