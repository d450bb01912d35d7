/**
 * Retention planning, pure. Rules are "keep" rules: in a repository matched by at least one
 * enabled rule, a tag survives if any matching rule keeps it — it is among the rule's last N
 * tags (newest first) or younger than its D days — and is deleted otherwise. A tag's age is when
 * Wharf saw it pushed, or its image's creation time. Tags of unknown age are kept, and a tag is
 * never deleted if a kept tag shares its digest (the registry deletes manifests, not tags).
 */
import { matchGlob } from "@/lib/protocol/glob";

export type RetentionRuleLike = { repository: string; keepLast: number | null; keepDays: number | null };
export type TagFacts = { name: string; digest: string; age: Date | null };
export type PlannedTag = { tag: string; digest: string; age: Date | null; reason: string };
export type RepositoryPlan = { path: string; keep: PlannedTag[]; delete: PlannedTag[] };

/**
 * Glob over the repository name inside the organisation: * matches anything (including "/"),
 * ? one character. Linear-time (lib/protocol/glob): a viewer can preview any pattern.
 */
export function matchesGlob(glob: string, name: string): boolean {
  return matchGlob(glob, name);
}

function newestFirst(a: TagFacts, b: TagFacts): number {
  const ta = a.age?.getTime() ?? -Infinity;
  const tb = b.age?.getTime() ?? -Infinity;
  return tb - ta || a.name.localeCompare(b.name);
}

function keepReason(rule: RetentionRuleLike, tag: TagFacts, rank: number, now: number): string | null {
  if (rule.keepLast != null && rank < rule.keepLast) return `one of the last ${rule.keepLast}`;
  if (rule.keepDays != null) {
    if (!tag.age) return "age unknown";
    if (now - tag.age.getTime() < rule.keepDays * 86_400_000) return `newer than ${rule.keepDays} days`;
  }
  return null;
}

export function planRepository(o: {
  path: string;
  name: string;
  tags: TagFacts[];
  rules: RetentionRuleLike[];
  now?: number;
}): RepositoryPlan | null {
  const rules = o.rules.filter((r) => matchesGlob(r.repository, o.name));
  if (rules.length === 0) return null;
  const now = o.now ?? Date.now();
  const sorted = [...o.tags].sort(newestFirst);
  const keep: PlannedTag[] = [];
  const drop: PlannedTag[] = [];
  sorted.forEach((tag, rank) => {
    const reason = rules.map((r) => keepReason(r, tag, rank, now)).find((r) => r !== null);
    (reason ? keep : drop).push({ tag: tag.name, digest: tag.digest, age: tag.age, reason: reason ?? "not kept by any rule" });
  });
  const keptDigests = new Map(keep.map((k) => [k.digest, k.tag]));
  const remove: PlannedTag[] = [];
  for (const d of drop) {
    const sibling = keptDigests.get(d.digest);
    if (sibling) keep.push({ ...d, reason: `same digest as kept tag ${sibling}` });
    else remove.push(d);
  }
  return { path: o.path, keep, delete: remove };
}
