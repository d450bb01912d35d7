"use client";

import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";
import { useAppEvents } from "@/lib/query/use-applications";

const TONE = { INFO: "gray", WARNING: "yellow", ERROR: "red" } as const;

export function EventsPanel({ appId }: { appId: string }) {
  const { data } = useAppEvents(appId);
  return (
    <Card>
      <CardHeader title="Events" description="Deploys, scaling, drift repairs and task failures with the reason Docker gives." />
      {data?.items.length === 0 && <p className="p-5 text-sm text-slate-500">No events yet.</p>}
      <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="events">
        {data?.items.map((e) => (
          <li key={e.id} className="flex items-start gap-3 px-5 py-3 text-sm">
            <Badge tone={TONE[e.level]}>{e.type}</Badge>
            <span className="flex-1">{e.message}</span>
            <span className="shrink-0 text-xs text-slate-500">
              <TimeAgo iso={e.createdAt} />
            </span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
