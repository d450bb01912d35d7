"use client";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { useRepository } from "@/lib/query/use-registry";
import { RepositoryActivity } from "./repository-activity";
import { TagTable } from "./tag-table";

export function RepositoryDetail({ repositoryId }: { repositoryId: string }) {
  const { data: repo, error } = useRepository(repositoryId);
  if (error) return <Alert>{error.message}</Alert>;
  if (!repo) return <p className="text-sm text-slate-500">Loading…</p>;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/registries" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800 dark:hover:text-slate-200">
          <ArrowLeft className="size-4" aria-hidden /> Repositories
        </Link>
        <h2 className="mt-2 text-xl font-semibold">{repo.name}</h2>
        <div className="mt-2 flex max-w-2xl items-center gap-2">
          <code className="block min-w-0 flex-1 truncate rounded bg-slate-100 px-2 py-1.5 text-xs dark:bg-slate-800">{repo.image}</code>
          <CopyButton value={repo.image} label="Copy image" />
        </div>
      </div>
      <TagTable repositoryId={repositoryId} />
      <RepositoryActivity repositoryId={repositoryId} />
    </div>
  );
}
