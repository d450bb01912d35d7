"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { NodeLogShipping } from "@/components/logs/node-log-shipping";
import { NodeMetrics } from "@/components/metrics/node-metrics";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CardError } from "@/components/ui/card-error";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { useCan } from "@/lib/query/use-account";
import { useNode, useRemoveNode, useRevokeNodeCredential, useUpdateNode } from "@/lib/query/use-clusters";
import { LabelsEditor } from "./labels-editor";
import { NodeCommands } from "./node-commands";
import { NodeFacts } from "./node-facts";
import { NodeRejoinCard, showsRejoin } from "./node-rejoin-card";
import { NodeStatusBadge } from "./node-status-badge";

export function NodeDetail({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const router = useRouter();
  const { data: node, error } = useNode(nodeId);
  const manage = useCan("nodes.manage");
  const update = useUpdateNode(nodeId);
  const remove = useRemoveNode(nodeId);
  const revoke = useRevokeNodeCredential(nodeId);
  const [confirm, setConfirm] = useState<"remove" | "revoke" | null>(null);
  if (error) return <Alert title="Node not available">{error.message}</Alert>;
  if (!node) return <p className="text-sm text-slate-500">Loading…</p>;
  const removed = Boolean(node.removedAt);
  const busy = update.isPending || Boolean(node.removeRequestedAt);
  const drained = node.availability === "DRAIN";
  return (
    <>
      <BackLink href={`/clusters/${clusterId}`} label="Cluster" />
      <PageHeader title={node.hostname} description={<NodeStatusBadge node={node} withSince />} />
      <div className="space-y-6">
        {removed && (
          <Alert tone="info" title={`Removed from the cluster ${new Date(node.removedAt ?? "").toLocaleString()}`}>
            The machine left the swarm and its agent was disconnected for good.
          </Alert>
        )}
        {showsRejoin(node) && <NodeRejoinCard node={node} />}
        {node.lastError && !removed && <Alert title="Last problem">{node.lastError}</Alert>}
        {node.pendingChanges && !node.removeRequestedAt && <Alert tone="info">Changes are being applied to the swarm…</Alert>}
        <Card>
          <CardHeader title="Machine" />
          <NodeFacts node={node} />
        </Card>
        <NodeMetrics nodeId={nodeId} />
        <NodeLogShipping clusterId={clusterId} nodeId={nodeId} />
        <Card>
          <CardHeader title="Labels" description="Swarm node labels, usable in placement constraints (node.labels.key==value)." />
          <div className="p-5">
            <LabelsEditor
              labels={node.labels}
              editable={manage && !node.removeRequestedAt && !removed}
              saving={update.isPending}
              error={update.error}
              onSave={(labels) => update.mutate({ labels })}
            />
          </div>
        </Card>
        {manage && !removed && (
          <Card>
            <CardHeader
              title="Scheduling and membership"
              description={`Role: ${(node.swarmRole ?? node.role).toLowerCase()} · availability: ${(node.swarmAvailability ?? node.availability).toLowerCase()}`}
            />
            <div className="flex flex-wrap gap-2 p-5">
              <Button variant="secondary" disabled={busy} onClick={() => update.mutate({ availability: drained ? "ACTIVE" : "DRAIN" })}>
                {drained ? "Activate" : "Drain"}
              </Button>
              <Button
                variant="secondary"
                disabled={busy}
                onClick={() => update.mutate({ role: node.role === "MANAGER" ? "WORKER" : "MANAGER" })}
              >
                {node.role === "MANAGER" ? "Demote to worker" : "Promote to manager"}
              </Button>
              <Button variant="secondary" disabled={Boolean(node.credentialRevokedAt) || busy} onClick={() => setConfirm("revoke")}>
                Revoke credential
              </Button>
              <Button variant="danger" disabled={Boolean(node.removeRequestedAt)} onClick={() => setConfirm("remove")}>
                Remove node
              </Button>
            </div>
            {!update.isPending && <CardError error={update.error} placement="below" />}
          </Card>
        )}
        <NodeCommands nodeId={nodeId} />
      </div>
      <ConfirmDialog
        open={confirm === "remove"}
        title={`Remove ${node.hostname}?`}
        confirmLabel="Remove node"
        busy={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setConfirm(null)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => (setConfirm(null), router.push(`/clusters/${clusterId}`)) })}
      >
        <p>
          The node leaves the swarm (its tasks are rescheduled elsewhere), is removed from it, and its agent is disconnected for good. To
          add it back, run a new install command.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "revoke"}
        title="Revoke the node's credential?"
        confirmLabel="Revoke credential"
        busy={revoke.isPending}
        error={revoke.error?.message}
        onCancel={() => setConfirm(null)}
        onConfirm={() => revoke.mutate(undefined, { onSuccess: () => setConfirm(null) })}
      >
        <p>
          The agent on {node.hostname} is disconnected at once and cannot reconnect. Containers on the machine keep running; Wharf can no
          longer manage it until it joins again.
        </p>
      </ConfirmDialog>
    </>
  );
}
