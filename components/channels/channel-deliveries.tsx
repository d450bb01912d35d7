"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { useChannelDeliveries } from "@/lib/query/use-notification-channels";
import type { NotificationDeliveryView } from "@/lib/schemas/notification-channels";

const TONE = { SUCCEEDED: "green", FAILED: "red", PENDING: "yellow" } as const;
const WORD = { SUCCEEDED: "delivered", FAILED: "failed", PENDING: "pending" } as const;

export function DeliveryBadge({ status }: { status: NotificationDeliveryView["status"] }) {
  return <Badge tone={TONE[status]}>{WORD[status]}</Badge>;
}

/** "HTTP 200", "SMTP 250": what the receiver answered. */
export function answerText(d: Pick<NotificationDeliveryView, "responseStatus">, kind: "EMAIL" | "OTHER") {
  if (d.responseStatus === null) return null;
  return `${kind === "EMAIL" ? "SMTP" : "HTTP"} ${d.responseStatus}`;
}

/** One delivery: status, event, attempts, the receiver's answer, the error, and when the next try is. */
export function DeliveryRow({ d, email }: { d: NotificationDeliveryView; email: boolean }) {
  const answer = answerText(d, email ? "EMAIL" : "OTHER");
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-0.5 py-1.5 text-sm" data-testid="delivery" data-status={d.status}>
      <DeliveryBadge status={d.status} />
      <code className="text-xs">{d.event}</code>
      <span className="text-xs text-slate-500">
        {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
        {answer && ` · ${answer}`}
        {d.status === "PENDING" && d.nextAttemptAt && (
          <>
            {" "}
            · next <TimeAgo iso={d.nextAttemptAt} />
          </>
        )}
      </span>
      {d.error && <span className="w-full text-xs text-red-600 dark:text-red-400 sm:w-auto">{d.error}</span>}
      <span className="ml-auto text-xs text-slate-500">
        <TimeAgo iso={d.createdAt} />
      </span>
    </li>
  );
}

/** The channel's delivery log (the 20 latest). */
export function ChannelDeliveries({ channelId, email }: { channelId: string; email: boolean }) {
  const { data, error } = useChannelDeliveries(channelId);
  if (error) return <Alert>{error.message}</Alert>;
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!data.items.length) return <p className="text-sm text-slate-500">Nothing sent yet. &ldquo;Send test&rdquo; sends one now.</p>;
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Deliveries" data-testid="deliveries">
      {data.items.map((d) => (
        <DeliveryRow key={d.id} d={d} email={email} />
      ))}
    </ul>
  );
}
