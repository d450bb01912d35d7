"use client";

import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";
import { useAuditLog } from "@/lib/query/use-audit";

export function RecentActivity() {
  const { data, isLoading } = useAuditLog();
  const entries = data?.pages[0]?.items.slice(0, 6) ?? [];
  return (
    <Card>
      <CardHeader
        title="Recent activity"
        actions={
          <Link href="/settings/audit-log" className="text-sm font-medium text-brand-600 hover:underline">
            Audit log
          </Link>
        }
      />
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {isLoading && <li className="px-5 py-3 text-sm text-slate-500">Loading…</li>}
        {!isLoading && entries.length === 0 && <li className="px-5 py-3 text-sm text-slate-500">Nothing has changed yet.</li>}
        {entries.map((e) => (
          <li key={e.id} className="flex items-center justify-between gap-3 px-5 py-3 text-sm">
            <span className="truncate">
              <span className="font-medium">{e.actorLabel}</span> <code className="text-xs text-slate-500">{e.action}</code>
            </span>
            <span className="shrink-0 text-xs text-slate-500">
              <TimeAgo iso={e.createdAt} />
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
