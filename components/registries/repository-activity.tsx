"use client";

import { Card, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { useRepositoryEvents } from "@/lib/query/use-registry";

export function RepositoryActivity({ repositoryId }: { repositoryId: string }) {
  const { data } = useRepositoryEvents(repositoryId);
  return (
    <Card>
      <CardHeader title="Activity" description="Pushes and deletes, newest first." />
      {data && data.items.length === 0 && <p className="p-5 text-sm text-slate-500">Nothing yet.</p>}
      {data && data.items.length > 0 && (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" aria-label="Repository activity">
          {data.items.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-2 px-5 py-2.5">
              <Badge tone={e.action === "push" ? "green" : "red"}>{e.action}</Badge>
              <span className="font-medium">{e.tag ?? <code className="text-xs">{e.digest?.slice(0, 19)}</code>}</span>
              <span className="text-slate-500">by {e.actor ?? "unknown"}</span>
              <span className="ml-auto text-slate-500">
                <TimeAgo iso={e.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
