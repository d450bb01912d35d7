/** How repositories are selected and shown: full path, name inside the organisation, image reference. */
import { registrySettings } from "@/lib/drivers/registry/settings";

export const repositorySelect = { id: true, path: true, createdAt: true, lastPushAt: true } as const;

type RepositoryRow = { id: string; path: string; createdAt: Date; lastPushAt: Date | null };

export function repositoryView(row: RepositoryRow, tagCount: number | null) {
  return {
    ...row,
    name: row.path.slice(row.path.indexOf("/") + 1),
    image: `${registrySettings().publicHost}/${row.path}`,
    tagCount,
  };
}

export const pullCommand = (path: string, tag: string) => `docker pull ${registrySettings().publicHost}/${path}:${tag}`;
