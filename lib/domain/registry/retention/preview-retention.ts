/**
 * Dry run of retention: for each repository a rule matches, the tags kept (and why) and the tags
 * that would be deleted. Without a draft rule it plans with the organisation's enabled rules —
 * exactly what the next run deletes. Reads the registry; changes nothing.
 */
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { describeTags } from "../repositories/list-tags";
import { syncRepositories } from "../repositories/sync-repositories";
import { matchesGlob, planRepository, type RepositoryPlan, type RetentionRuleLike } from "./plan-retention";

export type RetentionPlan = { repositories: Array<RepositoryPlan & { id: string }>; deleteCount: number; keepCount: number };

/** The organisation's enabled rules: what a retention run applies. */
export function enabledRetentionRules(orgId: string) {
  return prisma.retentionRule.findMany({
    where: { orgId, enabled: true },
    select: { id: true, repository: true, keepLast: true, keepDays: true },
  });
}

export async function planRetention({
  orgId,
  rules,
  log,
}: {
  orgId: string;
  rules: RetentionRuleLike[];
  log?: Logger;
}): Promise<RetentionPlan> {
  const plan: RetentionPlan = { repositories: [], deleteCount: 0, keepCount: 0 };
  if (rules.length === 0) return plan;
  await syncRepositories({ orgId }).catch((err: unknown) => log?.warn({ err }, "registry catalog sync failed"));
  const repos = await prisma.repository.findMany({ where: { orgId }, orderBy: { path: "asc" }, select: { id: true, path: true } });
  for (const repo of repos) {
    const name = repo.path.slice(repo.path.indexOf("/") + 1);
    if (!rules.some((r) => matchesGlob(r.repository, name))) continue;
    const tags = await describeTags({ repositoryId: repo.id, path: repo.path });
    const facts = tags.map((t) => ({ name: t.name, digest: t.digest, age: t.pushedAt ?? (t.createdAt ? new Date(t.createdAt) : null) }));
    const planned = planRepository({ path: repo.path, name, tags: facts, rules });
    if (!planned) continue;
    plan.repositories.push({ id: repo.id, ...planned });
    plan.deleteCount += planned.delete.length;
    plan.keepCount += planned.keep.length;
  }
  return plan;
}

type PreviewQuery = { repository?: string; keepLast?: number; keepDays?: number };

/** The API's preview: the query's rule when it names one, the saved rules otherwise. */
export async function previewRetention({ orgId, query, log }: { orgId: string; query: PreviewQuery; log?: Logger }) {
  const hasDraft = query.keepLast !== undefined || query.keepDays !== undefined;
  const draft = hasDraft
    ? { repository: query.repository ?? "*", keepLast: query.keepLast ?? null, keepDays: query.keepDays ?? null }
    : undefined;
  const source: "draft" | "rules" = draft ? "draft" : "rules";
  const plan = await planRetention({ orgId, rules: draft ? [draft] : await enabledRetentionRules(orgId), log });
  return { source, ...plan, repositories: plan.repositories.map(({ path, keep, delete: del }) => ({ path, keep, delete: del })) };
}
