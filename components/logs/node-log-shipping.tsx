"use client";

import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";
import { useLogIngestNodes } from "@/lib/query/use-logs";

/**
 * The node page's log collection card: what the agent has shipped, and how many lines its disk
 * buffer dropped because it was full (the oldest go first, while the control plane was unreachable
 * for long). Dropped lines are lost for good: the count says how many.
 */
export function NodeLogShipping({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const { data, error } = useLogIngestNodes(clusterId);
  const state = data?.items.find((n) => n.nodeId === nodeId);
  return (
    <Card data-testid="node-log-shipping">
      <CardHeader
        title="Log collection"
        description="Lines of services with log_store labels that this node's agent ships to the log store."
      />
      <div className="p-5 text-sm">
        {error && <Alert>{error.message}</Alert>}
        {data && !state && <p className="text-slate-500">Nothing shipped yet: no service running here declares a log store.</p>}
        {state && (
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-3">
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-500">Lines shipped</dt>
              <dd className="mt-0.5 tabular-nums" data-testid="log-last-seq">
                {state.lastSeq.toLocaleString("en")}
              </dd>
            </div>
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-500">Dropped by the agent</dt>
              <dd
                className={
                  state.droppedTotal > 0 ? "mt-0.5 font-medium tabular-nums text-red-600 dark:text-red-400" : "mt-0.5 tabular-nums"
                }
                data-testid="log-dropped"
              >
                {state.droppedTotal.toLocaleString("en")}
                {state.droppedTotal > 0 && (
                  <span className="block text-xs font-normal text-slate-500">its disk buffer was full; the oldest lines went first</span>
                )}
              </dd>
            </div>
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-500">Last batch</dt>
              <dd className="mt-0.5">
                <TimeAgo iso={state.updatedAt} />
              </dd>
            </div>
          </dl>
        )}
      </div>
    </Card>
  );
}
