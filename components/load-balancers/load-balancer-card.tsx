"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useLoadBalancerStatus, useTestLoadBalancer } from "@/lib/query/use-load-balancers";
import { LB_DRIVER_SPECS, type LoadBalancer, type LoadBalancerStatus } from "@/lib/schemas/load-balancers";

type Observed = NonNullable<LoadBalancerStatus["observed"]>;
type Health = "up" | "down" | "draining" | "maintenance" | "unknown";
const HEALTH_TONE = { up: "green", down: "red", draining: "yellow", maintenance: "gray", unknown: "gray" } as const;

function healthOf(observed: Observed | null | undefined, address: string, port: number): Health {
  for (const listener of observed?.listeners ?? []) {
    const b = listener.backends.find((x) => x.address === address && x.port === port);
    if (!b) continue;
    if (b.state === "draining" || b.state === "maintenance") return b.state;
    return b.state === "down" || b.healthy === false ? "down" : "up";
  }
  return "unknown";
}

function SyncState({ lb }: { lb: LoadBalancer }) {
  if (lb.lastSyncOk === null) return <span className="text-slate-500">not synced yet</span>;
  return (
    <span className="inline-flex items-center gap-1.5">
      {lb.lastSyncOk ? <Badge tone="green">in sync</Badge> : <Badge tone="red">sync failed</Badge>}
      <span className="text-xs">
        last sync <TimeAgo iso={lb.lastSyncAt} />
      </span>
    </span>
  );
}

function Listeners({ lb, nodeNames }: { lb: LoadBalancer; nodeNames: Map<string, string> }) {
  const listeners = lb.applied?.listeners ?? [];
  const status = useLoadBalancerStatus(lb, listeners.length > 0);
  const observed = status.data?.observed;
  if (listeners.length === 0) {
    return (
      <p className="px-5 py-4 text-sm text-slate-500">
        No listeners yet. Bind a service with a label such as{" "}
        <code className="text-xs">{lb.routing ? "aliyun.routing.port_80: web" : `aliyun.lb.port_80: tcp://${lb.name}:80`}</code>; its
        backends appear here once the traffic sync has applied them.
      </p>
    );
  }
  return (
    <>
      {status.data?.observedError && (
        <div className="px-5 pt-3">
          <Alert tone="warning" title="Live backend health unavailable">
            {status.data.observedError}
          </Alert>
        </div>
      )}
      <Table aria-label={`Listeners of ${lb.name}`}>
        <TableHead columns={["Listener", "Service", "Backends (address:port · node · weight · health)"]} />
        <tbody>
          {listeners.map((l) => (
            <Tr key={`${l.protocol}:${l.port}:${l.route ?? ""}`}>
              <Td className="align-top">
                <code className="text-xs">
                  {l.protocol}:{l.port}
                </code>
                {l.hosts && (
                  <p className="text-xs text-slate-500">
                    {l.hosts.join(", ")}
                    {l.pathPrefix && l.pathPrefix !== "/" ? l.pathPrefix : ""}
                  </p>
                )}
              </Td>
              <Td className="align-top">
                <code className="text-xs">{l.service.swarmName}</code>
              </Td>
              <Td className="whitespace-normal">
                {l.backends.length === 0 && <span className="text-xs text-amber-700 dark:text-amber-300">no running tasks</span>}
                <ul className="space-y-1">
                  {l.backends.map((b) => {
                    const health = status.data ? healthOf(observed, b.address, b.port) : "unknown";
                    return (
                      <li key={b.id} className="flex flex-wrap items-center gap-2 text-xs" data-testid={`backend-${b.address}:${b.port}`}>
                        <code>
                          {b.address}:{b.port}
                        </code>
                        <span className="text-slate-500">{(b.nodeId && nodeNames.get(b.nodeId)) ?? "node ?"}</span>
                        <span className="text-slate-500">
                          weight {b.weight}
                          {b.pool !== "main" ? ` · ${b.pool}` : ""}
                        </span>
                        <Badge tone={HEALTH_TONE[health]}>{health}</Badge>
                      </li>
                    );
                  })}
                </ul>
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

/** One load balancer: driver, routing badge, sync state, listeners with live backend health. */
export function LoadBalancerCard({
  lb,
  manage,
  nodeNames,
  onEdit,
  onDelete,
}: {
  lb: LoadBalancer;
  manage: boolean;
  nodeNames: Map<string, string>;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const test = useTestLoadBalancer();
  return (
    <Card data-testid={`lb-${lb.name}`}>
      <CardHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {lb.name}
            <Badge tone="blue">{LB_DRIVER_SPECS[lb.driver].label}</Badge>
            {lb.routing && <Badge tone="green">routing</Badge>}
          </span>
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {lb.description && <span>{lb.description} ·</span>}
            <SyncState lb={lb} />
          </span>
        }
        actions={
          manage && (
            <>
              <Button size="sm" variant="secondary" busy={test.isPending} onClick={() => test.mutate(lb.id)}>
                Test connection
              </Button>
              <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${lb.name}`}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${lb.name}`}>
                Delete
              </Button>
            </>
          )
        }
      />
      {(test.data || test.error || (lb.lastSyncOk === false && lb.lastSyncError)) && (
        <div className="space-y-2 px-5 pt-4">
          {test.data && (
            <Alert tone={test.data.ok ? "success" : "error"} title={test.data.ok ? "Connected" : "Connection failed"}>
              {test.data.message}
            </Alert>
          )}
          {test.error && <Alert>{test.error.message}</Alert>}
          {lb.lastSyncOk === false && lb.lastSyncError && <Alert title="Last sync failed">{lb.lastSyncError}</Alert>}
        </div>
      )}
      <Listeners lb={lb} nodeNames={nodeNames} />
    </Card>
  );
}
