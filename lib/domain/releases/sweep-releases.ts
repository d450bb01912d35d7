import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { releaseAdvanceJob } from "@/lib/queue/jobs";
import { promptJob } from "../jobs/prompt-job";
import { ACTIVE_RELEASE_STATES } from "../traffic/release-split";

/** Prompts a turn of a release now (after an API change); the every-second sweep is the safety net. */
export async function promptRelease(releaseId: string, log?: Logger): Promise<void> {
  await promptJob({ job: releaseAdvanceJob, payload: { releaseId }, what: "release turn", log });
}

/** Every active release gets a turn; turns of one release never overlap (its lease in PostgreSQL). */
export async function sweepReleases(log?: Logger): Promise<{ prompted: number }> {
  const active = await prisma.release.findMany({ where: { state: { in: [...ACTIVE_RELEASE_STATES] } }, select: { id: true } });
  for (const r of active) await promptRelease(r.id, log);
  return { prompted: active.length };
}
