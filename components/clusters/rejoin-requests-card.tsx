"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useRejoinRequests } from "@/lib/query/use-clusters";

/** Machines asking to join the cluster again (removed nodes included, whose pages are not in the node list). Hidden when there are none. */
export function RejoinRequestsCard({ clusterId }: { clusterId: string }) {
  const { data } = useRejoinRequests(clusterId);
  if (!data || data.items.length === 0) return null;
  return (
    <Card>
      <CardHeader
        title="Machines asking to join again"
        description="Their joins are refused until an admin allows them on the node's page."
      />
      <Table>
        <TableHead columns={["Node", "Node state", "Asked", "Allowed"]} />
        <tbody>
          {data.items.map((r) => (
            <Tr key={r.nodeId} data-testid={`rejoin-${r.hostname}`}>
              <Td>
                <Link href={`/clusters/${clusterId}/nodes/${r.nodeId}`} className="font-medium text-brand-600 hover:underline">
                  {r.hostname}
                </Link>
              </Td>
              <Td>
                <Badge tone={r.state === "active" ? "green" : "gray"}>{r.state}</Badge>
              </Td>
              <Td className="text-slate-500">
                <TimeAgo iso={r.requestedAt} />
              </Td>
              <Td className="text-slate-500">
                <TimeAgo iso={r.approvedAt} fallback="not yet" />
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
