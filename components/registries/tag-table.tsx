"use client";

import { Tag as TagIcon } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatBytes } from "@/lib/format";
import { useCan } from "@/lib/query/use-account";
import { useDeleteTag, useTags } from "@/lib/query/use-registry";
import type { Tag } from "@/lib/schemas/registry";

const shortDigest = (d: string) => d.replace(/^sha256:/, "").slice(0, 12);

export function TagTable({ repositoryId }: { repositoryId: string }) {
  const { data, isLoading, error } = useTags(repositoryId);
  const manage = useCan("registry.manage");
  const remove = useDeleteTag(repositoryId);
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const siblings = deleting
    ? (data?.items ?? []).filter((t) => t.digest === deleting.digest && t.name !== deleting.name).map((t) => t.name)
    : [];
  return (
    <Card>
      <CardHeader title="Tags" description="Newest push first. Sizes are compressed, as stored in the registry." />
      {error && (
        <div className="p-5">
          <Alert>{error.message}</Alert>
        </div>
      )}
      {isLoading && <p className="p-5 text-sm text-slate-500">Loading…</p>}
      {data && data.items.length === 0 && (
        <EmptyState icon={<TagIcon className="size-8" aria-hidden />} title="No tags">
          Every tag of this repository has been deleted.
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>Tag</Th>
              <Th>Digest</Th>
              <Th>Size</Th>
              <Th>Platform</Th>
              <Th>Created</Th>
              <Th>Pushed</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((t) => (
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
                    <Button size="sm" variant="ghost" onClick={() => (remove.reset(), setDeleting(t))} aria-label={`Delete tag ${t.name}`}>
                      Delete
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete tag ${deleting?.name ?? ""}`}
        confirmLabel="Delete tag"
        busy={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.name, { onSuccess: () => setDeleting(null) })}
      >
        <p>
          Delete <strong>{deleting?.name}</strong> (<code className="text-xs">{deleting ? shortDigest(deleting.digest) : ""}</code>)?
          Anything pulling it by this tag will fail. Disk space is freed by the next garbage collection.
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
      </ConfirmDialog>
    </Card>
  );
}
