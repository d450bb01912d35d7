"use client";

import { Package } from "lucide-react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useRepositories } from "@/lib/query/use-registry";

export function RepositoryList() {
  const { data, isLoading, error } = useRepositories();
  return (
    <Card>
      <CardHeader title="Repositories" description="Every repository pushed under this organisation's namespace." />
      {error && (
        <div className="p-5">
          <Alert>{error.message}</Alert>
        </div>
      )}
      {isLoading && <p className="p-5 text-sm text-slate-500">Loading…</p>}
      {data && data.items.length === 0 && (
        <EmptyState icon={<Package className="size-8" aria-hidden />} title="No repositories yet">
          Push an image with the commands above; its repository appears here within seconds.
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>Repository</Th>
              <Th>Image</Th>
              <Th>Tags</Th>
              <Th>Last push</Th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <Tr key={r.id} data-testid={`repository-${r.name}`}>
                <Td>
                  <Link href={`/registries/repositories/${r.id}`} className="font-medium text-brand-600 hover:underline">
                    {r.name}
                  </Link>
                </Td>
                <Td>
                  <code className="text-xs text-slate-600 dark:text-slate-300">{r.image}</code>
                </Td>
                <Td>{r.tagCount ?? "—"}</Td>
                <Td className="text-slate-500">
                  <TimeAgo iso={r.lastPushAt} />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
