"use client";

import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useCan } from "@/lib/query/use-account";
import { useNodeCommands } from "@/lib/query/use-clusters";

const TONES = { PENDING: "gray", SENT: "blue", SUCCEEDED: "green", FAILED: "red", TIMED_OUT: "yellow" } as const;

export function NodeCommands({ nodeId }: { nodeId: string }) {
  const allowed = useCan("nodes.commands.read");
  const query = useNodeCommands(nodeId, allowed);
  if (!allowed) {
    return (
      <Card data-testid="node-commands-restricted">
        <CardHeader title="Command history" />
        <p className="p-5 text-sm text-slate-500">
          Only admins and owners of the organisation can see what the control plane sent to this machine.
        </p>
      </Card>
    );
  }
  return (
    <ListCard
      title="Command history"
      description="What the control plane asked this node's agent to do. Secrets and environment values are redacted before they are stored."
      query={query}
      empty={{ note: "No commands yet." }}
      columns={["Command", "Status", "Sent", "Took", "Error"]}
      rowActions={false}
      rows={(commands) =>
        commands.map((c) => (
          <Tr key={c.id}>
            <Td>
              <code className="text-xs" title={JSON.stringify(c.payload)}>
                {c.type}
              </code>
            </Td>
            <Td>
              <Badge tone={TONES[c.status]}>{c.status.toLowerCase().replace("_", " ")}</Badge>
            </Td>
            <Td className="text-slate-500">
              <TimeAgo iso={c.createdAt} />
            </Td>
            <Td className="tabular-nums text-slate-500">
              {c.finishedAt ? `${new Date(c.finishedAt).getTime() - new Date(c.createdAt).getTime()} ms` : "—"}
            </Td>
            <Td className="max-w-sm truncate text-xs text-red-600" title={c.error ?? undefined}>
              {c.error ?? ""}
            </Td>
          </Tr>
        ))
      }
    />
  );
}
