/**
 * Applies an organisation's retention rules (worker job): deletes, digest by digest, the tags no
 * rule keeps, each recorded in the audit log ("registry.retention-delete", actor system) and the
 * repository's activity, then stores the outcome on the rules. Space returns at the next GC.
 */
import { systemActor } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { deleteDigest } from "../repositories/delete-digest";
import { matchesGlob } from "./plan-retention";
import { enabledRetentionRules, planRetention } from "./preview-retention";

export async function runRetention({ orgId, log }: { orgId: string; log?: Logger }) {
  const rules = await enabledRetentionRules(orgId);
  const plan = await planRetention({ orgId, rules, log });
  const errors: string[] = [];
  const deletedByRepo = new Map<string, number>();
  for (const repo of plan.repositories) {
    const byDigest = new Map<string, string[]>();
    for (const t of repo.delete) byDigest.set(t.digest, [...(byDigest.get(t.digest) ?? []), t.tag]);
    for (const [digest, tags] of byDigest) {
      try {
        await deleteDigest({
          orgId,
          repository: repo,
          digest,
          tags,
          actor: systemActor("retention"),
          auditAction: "registry.retention-delete",
          log,
        });
        deletedByRepo.set(repo.path, (deletedByRepo.get(repo.path) ?? 0) + tags.length);
      } catch (err) {
        errors.push(`${repo.path}@${digest.slice(0, 19)}: ${(err as Error).message}`.slice(0, 300));
      }
    }
  }
  const now = new Date();
  for (const rule of rules) {
    const mine = plan.repositories.filter((r) => matchesGlob(rule.repository, r.path.slice(r.path.indexOf("/") + 1)));
    const deleted = mine.reduce((n, r) => n + (deletedByRepo.get(r.path) ?? 0), 0);
    const kept = mine.reduce((n, r) => n + r.keep.length, 0);
    // updateMany: a rule deleted while the run deleted tags is skipped, not an error.
    await prisma.retentionRule.updateMany({
      where: { id: rule.id },
      data: { lastRunAt: now, lastResult: { deleted, kept, errors: errors.slice(0, 20) } },
    });
  }
  const deleted = [...deletedByRepo.values()].reduce((a, b) => a + b, 0);
  log?.info({ orgId, deleted, errors: errors.length }, "retention applied");
  return { deleted, kept: plan.keepCount, errors: errors.length };
}
