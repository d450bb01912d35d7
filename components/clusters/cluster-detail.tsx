"use client";

import { Server } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CardError } from "@/components/ui/card-error";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { useCan } from "@/lib/query/use-account";
import { useCluster, useDeleteCluster, useNodes } from "@/lib/query/use-clusters";
import { AddMachineDialog } from "./add-machine-dialog";
import { ClusterTabs } from "./cluster-tabs";
import { ForeignServicesCard } from "./foreign-services-card";
import { JoinTokensCard } from "./join-tokens-card";
import { NodeTable } from "./node-table";
import { WorkloadPolicyCard } from "./workload-policy-card";
import { RejoinRequestsCard } from "./rejoin-requests-card";

export function ClusterDetail({ clusterId }: { clusterId: string }) {
  const router = useRouter();
  const params = useSearchParams();
  const cluster = useCluster(clusterId);
  const nodes = useNodes(clusterId);
  const manage = useCan("clusters.manage");
  const [adding, setAdding] = useState(params.get("add") === "1");
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteCluster();
  if (cluster.error) return <Alert title="Cluster not available">{cluster.error.message}</Alert>;
  if (!cluster.data) return <p className="text-sm text-slate-500">Loading…</p>;
  const c = cluster.data;
  const addButton = manage ? <Button onClick={() => setAdding(true)}>Add machine</Button> : undefined;
  return (
    <>
      <BackLink href="/clusters" label="Clusters" />
      <PageHeader
        title={c.name}
        description={
          <>
            {c.description || "Docker Swarm cluster"} ·{" "}
            {c.swarmId ? (
              <>
                swarm <code className="text-xs">{c.swarmId.slice(0, 12)}</code>
                {c.managerAddr && <> · managers at {c.managerAddr}</>}
              </>
            ) : (
              "swarm not initialised yet"
            )}
          </>
        }
        actions={addButton}
      />
      <ClusterTabs clusterId={clusterId} />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Nodes" description={`${c.nodeCounts.READY} of ${c.nodeCounts.total} ready · refreshes every 3 seconds`} />
          <CardError error={nodes.error} />
          {nodes.data && nodes.data.items.length === 0 && (
            <EmptyState icon={<Server className="size-8" aria-hidden />} title="No machines in this cluster yet" action={addButton}>
              Run the install command on a machine with Docker Engine. The first one initialises the swarm.
            </EmptyState>
          )}
          {nodes.data && nodes.data.items.length > 0 && <NodeTable clusterId={clusterId} nodes={nodes.data.items} />}
        </Card>
        {/* a cluster without machines runs nothing, and has no manager to ask */}
        {c.nodeCounts.total > 0 && <ForeignServicesCard clusterId={clusterId} />}
        <RejoinRequestsCard clusterId={clusterId} />
        <WorkloadPolicyCard cluster={c} />
        {manage && <JoinTokensCard clusterId={clusterId} />}
        {manage && (
          <Card>
            <CardHeader
              title="Delete cluster"
              description="Only an empty cluster can be deleted: remove its nodes first."
              actions={
                <Button variant="danger" disabled={c.nodeCounts.total > 0} onClick={() => setDeleting(true)}>
                  Delete cluster
                </Button>
              }
            />
          </Card>
        )}
      </div>
      {manage && <AddMachineDialog clusterId={clusterId} open={adding} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        open={deleting}
        title={`Delete ${c.name}?`}
        confirmLabel="Delete cluster"
        busy={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setDeleting(false)}
        onConfirm={() => remove.mutate(c.id, { onSuccess: () => router.push("/clusters") })}
      >
        <p>The cluster and its join tokens are deleted. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
