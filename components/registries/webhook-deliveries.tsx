"use client";

import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { useWebhookDeliveries } from "@/lib/query/use-registry";

const TONE = new Map<string, "green" | "red" | "yellow">([
  ["SUCCEEDED", "green"],
  ["FAILED", "red"],
  ["PENDING", "yellow"],
]);

/** A delivery's status as a coloured badge (unknown statuses show as pending). */
export function DeliveryStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONE.get(status) ?? "yellow"}>{status.toLowerCase()}</Badge>;
}

/** The delivery log of one webhook. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const { data } = useWebhookDeliveries(webhookId);
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  if (data.items.length === 0) return <p className="text-sm text-slate-500">No deliveries yet.</p>;
  return (
    <ul className="space-y-1 text-sm" aria-label="Deliveries">
      {data.items.map((d) => (
        <li key={d.id} className="flex flex-wrap items-center gap-2">
          <DeliveryStatusBadge status={d.status} />
          <code className="text-xs">{d.event}</code>
          <span className="text-slate-500">
            {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
            {d.responseStatus !== null && ` · HTTP ${d.responseStatus}`}
          </span>
          {d.error && <span className="text-xs text-red-600">{d.error}</span>}
          <span className="ml-auto text-slate-500">
            <TimeAgo iso={d.createdAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}
