"use client";

import { Share2 } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardError } from "@/components/ui/card-error";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useCan } from "@/lib/query/use-account";
import { useDeleteLogSink, useLogSinks, useTestLogSink, useUpdateLogSink, type LogSinkTestResult } from "@/lib/query/use-logs";
import type { LogSinkView } from "@/lib/schemas/log-sinks";
import { AddLogSinkDialog } from "./add-log-sink-dialog";
import { SINK_KINDS } from "./sink-form";

/** Where a sink stands: shipping, failing (with the error) or off. */
function SinkStatus({ sink }: { sink: LogSinkView }) {
  const failing = sink.lastErrorAt !== null && (sink.lastShippedAt === null || sink.lastErrorAt > sink.lastShippedAt);
  return (
    <div className="space-y-0.5">
      {!sink.enabled ? (
        <Badge>off</Badge>
      ) : failing ? (
        <Badge tone="red">failing</Badge>
      ) : sink.lastShippedAt ? (
        <Badge tone="green">shipping</Badge>
      ) : (
        <Badge tone="blue">waiting for lines</Badge>
      )}
      <p className="text-xs text-slate-500">
        {sink.shippedTotal.toLocaleString("en")} lines sent
        {sink.lastShippedAt && (
          <>
            , last <TimeAgo iso={sink.lastShippedAt} />
          </>
        )}
      </p>
      {failing && sink.lastError && <p className="max-w-xs whitespace-normal text-xs text-red-600 dark:text-red-400">{sink.lastError}</p>}
    </div>
  );
}

/** The organisation's sinks: what each ships and whether it works, with Test, on/off and Delete. */
export function LogSinksSettings() {
  const manage = useCan("org.update");
  const update = useUpdateLogSink();
  const deleting = useRemoval<LogSinkView>(useDeleteLogSink());
  const test = useTestLogSink();
  const [results, setResults] = useState<Record<string, LogSinkTestResult | { ok: false; message: string }>>({});
  const [adding, setAdding] = useState(false);
  const runTest = (id: string) =>
    test.mutate(id, {
      onSuccess: (result) => setResults((r) => ({ ...r, [id]: result })),
      onError: (e) => setResults((r) => ({ ...r, [id]: { ok: false, message: e.message } })),
    });
  return (
    <ListCard
      title="Log sinks"
      description="Also send the organisation's stored lines to Elasticsearch/OpenSearch, Loki or Alibaba Cloud Log Service."
      actions={manage && <Button onClick={() => setAdding(true)}>Add sink</Button>}
      query={useLogSinks()}
      loadError="The sinks could not be loaded"
      empty={{
        icon: <Share2 className="size-8" aria-hidden />,
        title: "No sinks",
        body: (
          <>
            Lines stay in Wharf&apos;s own store, searchable on the Search tab. Add a sink when you want them in your own log platform too
            {manage ? "" : " (admins and owners can)"}.
          </>
        ),
      }}
      columns={["Name", "Kind", "Destination", "Status"]}
      rows={(sinks) =>
        sinks.map((s) => {
          const result = results[s.id];
          return (
            <Tr key={s.id} data-testid={`sink-${s.name}`}>
              <Td className="font-medium">{s.name}</Td>
              <Td>{SINK_KINDS[s.kind].label}</Td>
              <Td>
                <code className="block max-w-xs truncate text-xs" title={s.url}>
                  {s.url}
                </code>
                {!s.hasCredentials && <span className="text-xs text-slate-500">no credentials</span>}
              </Td>
              <Td>
                <SinkStatus sink={s} />
              </Td>
              <Td className="text-right">
                {manage && (
                  <div className="flex justify-end gap-1">
                    <Button size="sm" variant="secondary" busy={test.isPending && test.variables === s.id} onClick={() => runTest(s.id)}>
                      Test
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => update.mutate({ id: s.id, input: { enabled: !s.enabled } })}>
                      {s.enabled ? "Turn off" : "Turn on"}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => deleting.ask(s)}>
                      Delete
                    </Button>
                  </div>
                )}
                {result && (
                  <p
                    role="status"
                    data-testid="sink-test-result"
                    className={
                      result.ok
                        ? "mt-1 whitespace-normal text-xs text-emerald-700 dark:text-emerald-300"
                        : "mt-1 whitespace-normal text-xs text-red-600 dark:text-red-400"
                    }
                  >
                    {result.ok ? "Test line accepted: " : "Test failed: "}
                    {result.message}
                  </p>
                )}
              </Td>
            </Tr>
          );
        })
      }
    >
      <CardError error={update.error} placement="below" />
      <AddLogSinkDialog open={adding} onClose={() => setAdding(false)} />
      <RemovalDialog removal={deleting} title="Delete log sink" confirmLabel="Delete sink">
        {(s) => (
          <p>
            Stop sending lines to <strong>{s.name}</strong> and delete its credentials? Lines already sent stay there; Wharf&apos;s own
            store is not affected.
          </p>
        )}
      </RemovalDialog>
    </ListCard>
  );
}
