/**
 * One turn of a release: take its lease (a row lock in PostgreSQL that expires, so a worker killed
 * mid-step delays the release by at most LEASE_MS and never runs a step twice at once), record
 * the colours' figures for the chart, and run the current step. Errors are sorted: a cluster that
 * cannot be reached is retried; a version that fails to deploy or verify rolls back.
 */
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { ACTIVE_RELEASE_STATES, releaseServices } from "../traffic/release-split";
import { loadRelease, releaseContext, type ReleaseRow } from "./release-context";
import { recordReleaseEvent } from "./release-events";
import { measureRelease } from "./release-figures";
import { beginRollback, runStep } from "./release-steps";
import { toJsonColumn } from "../json-column";

const LEASE_MS = 15_000;
/** A cluster that cannot be reached this long fails a release that has not started promoting. */
const UNREACHABLE_FAILS_AFTER_MS = 180_000;
export const SAMPLE_EVERY_MS = 2_000;
export const SAMPLE_WINDOW_MS = 5_000;

async function takeLease(id: string): Promise<boolean> {
  const now = new Date();
  const taken = await prisma.release.updateMany({
    where: { id, state: { in: [...ACTIVE_RELEASE_STATES] }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: new Date(now.getTime() + LEASE_MS) },
  });
  return taken.count === 1;
}

/** Figures every 2 s while traffic can reach the new colour (the release's chart and the console's live cards). */
async function sample(release: ReleaseRow, clusterId: string, log: Logger) {
  if (!["VERIFYING", "PROMOTING", "ROLLING_BACK"].includes(release.state)) return;
  const last = await prisma.releaseSample.findFirst({ where: { releaseId: release.id }, orderBy: { at: "desc" }, select: { at: true } });
  if (last && Date.now() - last.at.getTime() < SAMPLE_EVERY_MS - 200) return;
  try {
    const measured = await measureRelease({ clusterId, services: releaseServices(release.services), windowMs: SAMPLE_WINDOW_MS });
    if (!measured.available) return;
    const at = new Date();
    await prisma.releaseSample.createMany({
      data: (["blue", "green"] as const).flatMap((colour) => {
        const figures = measured.byColour[colour];
        return figures ? [{ releaseId: release.id, at, colour, figures: toJsonColumn(figures) }] : [];
      }),
    });
  } catch (error) {
    log.warn({ releaseId: release.id, error: error instanceof Error ? error.message : String(error) }, "release figures not measured");
  }
}

async function handleFailure(release: ReleaseRow, error: unknown, log: Logger, retry: () => Promise<void>) {
  const message = error instanceof Error ? error.message : String(error);
  const transient = error instanceof AppError && error.code === "UNAVAILABLE";
  const inStep = Date.now() - release.stepStartedAt.getTime();
  const canRollBack = release.state === "DEPLOYING" || release.state === "VERIFYING";
  if (canRollBack && (!transient || inStep > UNREACHABLE_FAILS_AFTER_MS)) return retry();
  // Promoting and rolling back only move forward: they retry until the cluster answers.
  if (release.error !== message) {
    await prisma.release.update({ where: { id: release.id }, data: { error: message.slice(0, 2000) } });
    await recordReleaseEvent(release.id, { kind: "retry", message: `${message} (retrying)` });
  }
  log.warn({ releaseId: release.id, state: release.state, step: release.step, error: message }, "release step failed; retrying");
}

export async function advanceRelease(id: string, log: Logger): Promise<{ state: string; step: string } | { skipped: true }> {
  if (!(await takeLease(id))) return { skipped: true };
  const renew = setInterval(
    () => void prisma.release.update({ where: { id }, data: { leaseUntil: new Date(Date.now() + LEASE_MS) } }).catch(() => undefined),
    LEASE_MS / 3,
  );
  try {
    const release = await loadRelease(id);
    if (!release) return { skipped: true };
    const ctx = await releaseContext(release, log);
    await sample(release, ctx.clusterId, log);
    try {
      await runStep(ctx);
      if (release.error && release.state !== "ROLLING_BACK") await prisma.release.update({ where: { id }, data: { error: null } });
    } catch (error) {
      await handleFailure(release, error, log, () =>
        beginRollback(ctx, "FAILED", { message: error instanceof Error ? error.message : String(error) }),
      );
    }
    return { state: release.state, step: release.step };
  } finally {
    clearInterval(renew);
    await prisma.release.update({ where: { id }, data: { leaseUntil: null } }).catch(() => undefined);
  }
}
