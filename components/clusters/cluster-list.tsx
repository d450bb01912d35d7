"use client";

import { Server } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useCan } from "@/lib/query/use-account";
import { useClusters } from "@/lib/query/use-clusters";
import { CreateClusterDialog } from "./create-cluster-dialog";

export function ClusterList() {
  const { data, isLoading, error } = useClusters();
  const manage = useCan("clusters.manage");
  const [creating, setCreating] = useState(false);
  const createButton = manage ? <Button onClick={() => setCreating(true)}>Create cluster</Button> : undefined;
  return (
    <>
      <PageHeader
        title="Clusters"
        description="Your machines, connected by the Wharf agent and run as Docker Swarm clusters."
        actions={createButton}
      />
      {error && <Alert>{error.message}</Alert>}
      <Card>
        {isLoading && <p className="p-5 text-sm text-slate-500">Loading…</p>}
        {data && data.items.length === 0 && (
          <EmptyState icon={<Server className="size-8" aria-hidden />} title="No clusters yet" action={createButton}>
            {manage
              ? "Create a cluster, then run the one-line install command on each machine you want in it."
              : "An admin of this organisation can create one."}
          </EmptyState>
        )}
        {data && data.items.length > 0 && (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Nodes</Th>
                <Th>Status</Th>
                <Th>Swarm</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <Tr key={c.id}>
                  <Td>
                    <Link href={`/clusters/${c.id}`} className="font-medium text-brand-600 hover:underline">
                      {c.name}
                    </Link>
                    {c.description && <p className="max-w-xs truncate text-xs text-slate-500">{c.description}</p>}
                  </Td>
                  <Td>{c.nodeCounts.total}</Td>
                  <Td className="space-x-1">
                    {c.nodeCounts.READY > 0 && <Badge tone="green">{c.nodeCounts.READY} ready</Badge>}
                    {c.nodeCounts.UNREACHABLE > 0 && <Badge tone="yellow">{c.nodeCounts.UNREACHABLE} unreachable</Badge>}
                    {c.nodeCounts.DOWN > 0 && <Badge tone="red">{c.nodeCounts.DOWN} down</Badge>}
                    {c.nodeCounts.total === 0 && <span className="text-xs text-slate-500">no machines yet</span>}
                  </Td>
                  <Td>
                    {c.swarmId ? (
                      <code className="text-xs">{c.swarmId.slice(0, 12)}</code>
                    ) : (
                      <span className="text-xs text-slate-500">not initialised</span>
                    )}
                  </Td>
                  <Td className="text-slate-500">
                    <TimeAgo iso={c.createdAt} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <CreateClusterDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
