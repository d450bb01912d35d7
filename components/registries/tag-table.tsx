"use client";

import { Tag as TagIcon } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatBytes } from "@/lib/format";
import { useCan } from "@/lib/query/use-account";
import { useDeleteTag, useTags } from "@/lib/query/use-registry";
import type { Tag } from "@/lib/schemas/registry";

const shortDigest = (d: string) => d.replace(/^sha256:/, "").slice(0, 12);

export function TagTable({ repositoryId }: { repositoryId: string }) {
  const query = useTags(repositoryId);
  const manage = useCan("registry.manage");
  const deleting = useRemoval(useDeleteTag(repositoryId), (t: Tag) => t.name);
  const siblingsOf = (tag: Tag) =>
    (query.data?.items ?? []).filter((t) => t.digest === tag.digest && t.name !== tag.name).map((t) => t.name);
  return (
    <ListCard
      title="Tags"
      description="Newest push first. Sizes are compressed, as stored in the registry."
      query={query}
      empty={{
        icon: <TagIcon className="size-8" aria-hidden />,
        title: "No tags",
        body: "Every tag of this repository has been deleted.",
      }}
      columns={["Tag", "Digest", "Size", "Platform", "Created", "Pushed"]}
      rows={(tags) =>
        tags.map((t) => (
          <Tr key={t.name} data-testid={`tag-${t.name}`}>
            <Td className="font-medium">{t.name}</Td>
            <Td>
              <code className="text-xs" title={t.digest}>
                {shortDigest(t.digest)}
              </code>
            </Td>
            <Td>{formatBytes(t.sizeBytes)}</Td>
            <Td className="space-x-1">
              {t.platforms.length ? (
                t.platforms.map((p) => <Badge key={p}>{p}</Badge>)
              ) : (
                <span className="text-xs text-slate-500">unknown</span>
              )}
            </Td>
            <Td className="text-slate-500">
              <TimeAgo iso={t.createdAt} fallback="unknown" />
            </Td>
            <Td className="text-slate-500">
              <TimeAgo iso={t.pushedAt} fallback="—" />
            </Td>
            <Td className="space-x-1 text-right">
              <CopyButton value={t.pullCommand} label="Pull command" />
              {manage && (
                <Button size="sm" variant="ghost" onClick={() => deleting.ask(t)} aria-label={`Delete tag ${t.name}`}>
                  Delete
                </Button>
              )}
            </Td>
          </Tr>
        ))
      }
    >
      <RemovalDialog removal={deleting} title={(t) => `Delete tag ${t.name}`} confirmLabel="Delete tag">
        {(t) => {
          const siblings = siblingsOf(t);
          return (
            <>
              <p>
                Delete <strong>{t.name}</strong> (<code className="text-xs">{shortDigest(t.digest)}</code>)? Anything pulling it by this tag
                will fail. Disk space is freed by the next garbage collection.
              </p>
              {siblings.length > 0 && (
                <Alert tone="warning">
                  The registry deletes images, not names:{" "}
                  {siblings.map((s) => (
                    <strong key={s}>{s} </strong>
                  ))}
                  point{siblings.length === 1 ? "s" : ""} at the same image and will be deleted too.
                </Alert>
              )}
            </>
          );
        }}
      </RemovalDialog>
    </ListCard>
  );
}
