/**
 * A repository's tags as the console shows them: digest, size, created time, platforms (from the
 * registry, cached by digest) and when Wharf last saw the tag pushed (from its events).
 */
import { prisma } from "@/lib/db";
import { describeReference, mapLimit, type ImageSummary } from "@/lib/drivers/registry/describe-image";
import { listTags as registryTags } from "@/lib/drivers/registry/registry-client";
import { findRepository } from "./find-repository";
import { pullCommand } from "./repository-view";

export type TagInfo = ImageSummary & { name: string; pushedAt: Date | null };

/** Tag details straight from the registry plus push times; tags that vanish meanwhile are skipped. */
export async function describeTags({ repositoryId, path }: { repositoryId: string; path: string }): Promise<TagInfo[]> {
  const names = await registryTags(path);
  const [summaries, pushes] = await Promise.all([
    mapLimit(names, 8, (name) => describeReference(path, name)),
    prisma.registryEvent.groupBy({ by: ["tag"], where: { repositoryId, action: "push", tag: { in: names } }, _max: { createdAt: true } }),
  ]);
  const pushedAt = new Map(pushes.map((p) => [p.tag, p._max.createdAt]));
  const out: TagInfo[] = [];
  names.forEach((name, i) => {
    const s = summaries[i];
    if (s) out.push({ ...s, name, pushedAt: pushedAt.get(name) ?? null });
  });
  const when = (t: TagInfo) => t.pushedAt?.getTime() ?? (t.createdAt ? Date.parse(t.createdAt) : 0);
  return out.sort((a, b) => when(b) - when(a) || a.name.localeCompare(b.name));
}

export async function listTags({ orgId, repositoryId }: { orgId: string; repositoryId: string }) {
  const repo = await findRepository({ orgId, repositoryId });
  const tags = await describeTags({ repositoryId: repo.id, path: repo.path });
  return {
    items: tags.map((t) => ({
      name: t.name,
      digest: t.digest,
      mediaType: t.mediaType,
      sizeBytes: t.sizeBytes,
      createdAt: t.createdAt,
      pushedAt: t.pushedAt,
      platforms: t.platforms,
      pullCommand: pullCommand(repo.path, t.name),
    })),
  };
}
