"use client";

import { Package } from "lucide-react";
import Link from "next/link";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useRepositories } from "@/lib/query/use-registry";

export function RepositoryList() {
  return (
    <ListCard
      title="Repositories"
      description="Every repository pushed under this organisation's namespace."
      query={useRepositories()}
      empty={{
        icon: <Package className="size-8" aria-hidden />,
        title: "No repositories yet",
        body: "Push an image with the commands above; its repository appears here within seconds.",
      }}
      columns={["Repository", "Image", "Tags", "Last push"]}
      rowActions={false}
      rows={(repositories) =>
        repositories.map((r) => (
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
        ))
      }
    />
  );
}
