"use client";

import { Network } from "lucide-react";
import { useMemo, useState } from "react";
import { ClusterTabs } from "@/components/clusters/cluster-tabs";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { useCan } from "@/lib/query/use-account";
import { useCluster, useNodes } from "@/lib/query/use-clusters";
import { useDeleteLoadBalancer, useLoadBalancers } from "@/lib/query/use-load-balancers";
import type { LoadBalancer } from "@/lib/schemas/load-balancers";
import { CertificatesCard } from "./certificates-card";
import { LoadBalancerCard } from "./load-balancer-card";
import { LoadBalancerFormDialog } from "./load-balancer-form-dialog";

/** A cluster's "Load balancers" tab: its balancers with live backends, and the routing tier's certificates. */
export function ClusterLoadBalancers({ clusterId }: { clusterId: string }) {
  const cluster = useCluster(clusterId);
  const nodes = useNodes(clusterId);
  const lbs = useLoadBalancers(clusterId);
  const manage = useCan("clusters.manage");
  const deleting = useRemoval<LoadBalancer>(useDeleteLoadBalancer(clusterId));
  const [form, setForm] = useState<{ editing: LoadBalancer | null } | null>(null);
  const nodeNames = useMemo(() => new Map((nodes.data?.items ?? []).map((n) => [n.id, n.hostname])), [nodes.data]);
  const lbNodes = (nodes.data?.items ?? []).filter((n) => n.labels["wharf.lb"] === "true");
  if (cluster.error) return <Alert title="Cluster not available">{cluster.error.message}</Alert>;
  const createButton = manage ? <Button onClick={() => setForm({ editing: null })}>Create load balancer</Button> : undefined;
  return (
    <>
      <BackLink href="/clusters" label="Clusters" />
      <PageHeader
        title={cluster.data?.name ?? "Cluster"}
        description="Load balancers that lb.port_* and routing.port_* labels send traffic through; their backends follow the running tasks."
        actions={createButton}
      />
      <ClusterTabs clusterId={clusterId} />
      <div className="space-y-6">
        {lbs.error && <Alert>{lbs.error.message}</Alert>}
        {lbs.data && lbs.data.items.some((lb) => lb.driver === "haproxy") && nodes.data && lbNodes.length === 0 && (
          <Alert tone="warning" title="No node runs HAProxy">
            Label a node wharf.lb=true (Nodes → a node → Labels) so the agent runs this cluster&apos;s HAProxy load balancers there.
          </Alert>
        )}
        {lbs.data && lbs.data.items.length === 0 && (
          <Card>
            <EmptyState icon={<Network className="size-8" aria-hidden />} title="No load balancers in this cluster" action={createButton}>
              Create an HAProxy load balancer (turn routing on for routing.port_* virtual hosts) and label a node wharf.lb=true, or add an
              existing Alibaba Cloud SLB or AWS load balancer. Labels then name it:{" "}
              <code className="text-xs">aliyun.lb.port_80: tcp://NAME:80</code>.
            </EmptyState>
          </Card>
        )}
        {lbs.data?.items.map((lb) => (
          <LoadBalancerCard
            key={lb.id}
            lb={lb}
            manage={manage}
            nodeNames={nodeNames}
            onEdit={() => setForm({ editing: lb })}
            onDelete={() => deleting.ask(lb)}
          />
        ))}
        <CertificatesCard clusterId={clusterId} manage={manage} />
      </div>
      {manage && (
        <LoadBalancerFormDialog clusterId={clusterId} open={form !== null} editing={form?.editing ?? null} onClose={() => setForm(null)} />
      )}
      <RemovalDialog removal={deleting} title={(lb) => `Delete ${lb.name}?`} confirmLabel="Delete load balancer">
        {(lb) => (
          <p>
            Labels can no longer name <strong>{lb.name}</strong>. A load balancer that applications still use cannot be deleted: change
            their labels first.
          </p>
        )}
      </RemovalDialog>
    </>
  );
}
