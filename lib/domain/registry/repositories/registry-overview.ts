/**
 * The registry page's header: where to log in and push, whether the registry answers, how much
 * storage the organisation's images take and when garbage collection last ran.
 */
import { prisma } from "@/lib/db";
import { describeReference, mapLimit } from "@/lib/drivers/registry/describe-image";
import { listTags, pingRegistry } from "@/lib/drivers/registry/registry-client";
import { registrySettings } from "@/lib/drivers/registry/settings";
import type { Logger } from "@/lib/logger";
import { syncRepositories } from "./sync-repositories";

/** Distinct blobs (compressed bytes) referenced by the organisation's tags. */
export async function organizationUsage({ orgId }: { orgId: string }) {
  const repos = await prisma.repository.findMany({ where: { orgId }, select: { path: true } });
  const blobs = new Map<string, number>();
  let tags = 0;
  for (const repo of repos) {
    const names = await listTags(repo.path);
    tags += names.length;
    const summaries = await mapLimit(names, 8, (n) => describeReference(repo.path, n));
    for (const s of summaries) for (const b of s?.blobs ?? []) blobs.set(b.digest, b.size);
  }
  return { bytes: [...blobs.values()].reduce((a, b) => a + b, 0), repositories: repos.length, tags };
}

async function lastGc() {
  const run = await prisma.jobRun.findFirst({
    where: { name: "registry.gc" },
    orderBy: { startedAt: "desc" },
    select: { status: true, startedAt: true, finishedAt: true, result: true },
  });
  const freed = (run?.result as { freedBytes?: unknown } | null)?.freedBytes;
  return {
    lastRunAt: run ? (run.finishedAt ?? run.startedAt) : null,
    lastStatus: run?.status ?? null,
    lastFreedBytes: typeof freed === "number" ? freed : null,
  };
}

export async function registryOverview({ orgId, log }: { orgId: string; log?: Logger }) {
  const settings = registrySettings();
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true } });
  const reachable = await pingRegistry();
  let usage = null;
  if (reachable) {
    try {
      await syncRepositories({ orgId });
      usage = await organizationUsage({ orgId });
    } catch (err) {
      log?.warn({ err }, "could not compute registry usage");
    }
  }
  return {
    host: settings.publicHost,
    namespace: org.slug,
    loginCommand: `docker login ${settings.publicHost} -u <your e-mail, or "token" with an API token as the password>`,
    reachable,
    usage,
    gc: await lastGc(),
  };
}
