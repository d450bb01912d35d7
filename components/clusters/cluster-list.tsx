"use client";

import { Server } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ListBody } from "@/components/ui/list-card";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useCan } from "@/lib/query/use-account";
import { useClusters } from "@/lib/query/use-clusters";
import { CreateClusterDialog } from "./create-cluster-dialog";

export function ClusterList() {
  const query = useClusters();
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
      <Card>
        <ListBody
          query={query}
          empty={{
            icon: <Server className="size-8" aria-hidden />,
            title: "No clusters yet",
            action: createButton,
            body: manage
              ? "Create a cluster, then run the one-line install command on each machine you want in it."
              : "An admin of this organisation can create one.",
          }}
          columns={["Name", "Nodes", "Status", "Swarm", "Created"]}
          rowActions={false}
          rows={(clusters) =>
            clusters.map((c) => (
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
            ))
          }
        />
      </Card>
      <CreateClusterDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
