"use client";

import { BellOff } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardError } from "@/components/ui/card-error";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useCan } from "@/lib/query/use-account";
import { useAlertSilences, useExpireSilence } from "@/lib/query/use-alerts";
import { useClusters, useNodes } from "@/lib/query/use-clusters";
import type { AlertSilenceView } from "@/lib/schemas/alerts";
import { NewSilenceDialog, type SilencePreset } from "./new-silence-dialog";

const STATE_TONE = { active: "blue", pending: "yellow", expired: "gray" } as const;

/** A node matcher by hostname: the silence carries the node's id, and its cluster's when made from an alert. */
function NodeValue({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const { data } = useNodes(clusterId);
  return <>{data?.items.find((n) => n.id === nodeId)?.hostname ?? nodeId}</>;
}

/** What a silence matches, with clusters and nodes by name (alerts carry their ids). */
function Matchers({ silence }: { silence: AlertSilenceView }) {
  const clusters = useClusters();
  const clusterId = silence.matchers.cluster;
  const entries = Object.entries(silence.matchers).map(
    ([k, v]) =>
      [
        k,
        k === "cluster" ? (
          (clusters.data?.items.find((c) => c.id === v)?.name ?? v)
        ) : k === "node" && clusterId ? (
          <NodeValue clusterId={clusterId} nodeId={v} />
        ) : (
          v
        ),
      ] as const,
  );
  return (
    <span className="flex flex-wrap gap-1">
      <span className="font-medium">{silence.ruleName ?? "every rule"}</span>
      {entries.map(([k, v]) => (
        <code key={k} className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">
          {k}={v}
        </code>
      ))}
    </span>
  );
}

/** Active and pending silences first, then the expired ones of the last 30 days; "Expire" ends one now. */
export function AlertSilences() {
  const manage = useCan("alerts.manage");
  const expire = useExpireSilence();
  const [creating, setCreating] = useState<SilencePreset | null>(null);
  return (
    <ListCard
      title="Silences"
      description="Hold back notifications until a time you choose; the alerts are still recorded."
      actions={manage && <Button onClick={() => setCreating({ ruleId: null, matchers: [] })}>New silence</Button>}
      query={useAlertSilences()}
      loadError="The silences could not be loaded"
      empty={{
        icon: <BellOff className="size-8" aria-hidden />,
        title: "No silences",
        body: (
          <>
            Silence a rule, or only some of its alerts (one service, one node), for an hour, a day or until a given time. A firing
            alert&apos;s &ldquo;Silence&rdquo; button fills it in.
          </>
        ),
      }}
      columns={["State", "Silences", "Comment", "Ends"]}
      rows={(silences) =>
        silences.map((s) => (
          <Tr key={s.id} data-testid="silence" data-state={s.state}>
            <Td>
              <Badge tone={STATE_TONE[s.state]}>{s.state}</Badge>
            </Td>
            <Td className="whitespace-normal">
              <Matchers silence={s} />
            </Td>
            <Td className="max-w-xs whitespace-normal text-sm">{s.comment}</Td>
            <Td className="text-sm">
              {s.state === "expired" ? (
                <>
                  ended <TimeAgo iso={s.expiredAt ?? s.endsAt} />
                </>
              ) : s.state === "pending" ? (
                <>
                  starts <TimeAgo iso={s.startsAt} />, ends <TimeAgo iso={s.endsAt} />
                </>
              ) : (
                <TimeAgo iso={s.endsAt} />
              )}
            </Td>
            <Td className="text-right">
              {manage && s.state !== "expired" && (
                <Button
                  size="sm"
                  variant="secondary"
                  busy={expire.isPending && expire.variables === s.id}
                  onClick={() => expire.mutate(s.id)}
                  aria-label={`Expire the silence "${s.comment}"`}
                >
                  Expire now
                </Button>
              )}
            </Td>
          </Tr>
        ))
      }
    >
      <CardError error={expire.error} placement="below" />
      <NewSilenceDialog preset={creating} onClose={() => setCreating(null)} />
    </ListCard>
  );
}
