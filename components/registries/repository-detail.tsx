"use client";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { CopyField } from "@/components/ui/copy-button";
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
        <Link
          href="/registries"
          className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"
        >
          <ArrowLeft className="size-4" aria-hidden /> Repositories
        </Link>
        <h2 className="mt-2 text-xl font-semibold">{repo.name}</h2>
        <CopyField value={repo.image} label="Copy image" className="mt-2 max-w-2xl" />
      </div>
      <TagTable repositoryId={repositoryId} />
      <RepositoryActivity repositoryId={repositoryId} />
    </div>
  );
}
