"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useAuditLog } from "@/lib/query/use-audit";
import { RoleGate } from "./role-gate";

export function AuditLogView() {
  return (
    <RoleGate minimum="ADMIN" what="read the audit log">
      <AuditTable />
    </RoleGate>
  );
}

function AuditTable() {
  const [filter, setFilter] = useState("");
  const [applied, setApplied] = useState<string | undefined>();
  const { data, error, fetchNextPage, hasNextPage, isFetchingNextPage } = useAuditLog(applied);
  return (
    <ListCard
      title="Audit log"
      description="Every change in this organisation: who, what, when and from where."
      actions={
        <form onSubmit={(e) => (e.preventDefault(), setApplied(filter.trim() || undefined))} className="flex gap-2">
          <Input
            aria-label="Filter by action"
            placeholder="Filter: token, member…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="w-48 py-1.5"
          />
          <Button type="submit" variant="secondary" size="sm">
            Filter
          </Button>
        </form>
      }
      query={{ data: data && { items: data.pages.flatMap((p) => p.items) }, error }}
      empty={{ note: "No matching entries." }}
      columns={["When", "Who", "Action", "Target", "From"]}
      rowActions={false}
      rows={(entries) =>
        entries.map((e) => (
          <Tr key={e.id}>
            <Td className="text-slate-500">
              <TimeAgo iso={e.createdAt} />
            </Td>
            <Td className="max-w-[16rem] truncate" title={e.actorLabel}>
              <span className="mr-2">{e.actorLabel}</span>
              <Badge>{e.actorType.toLowerCase().replace("_", " ")}</Badge>
            </Td>
            <Td>
              <code className="text-xs">{e.action}</code>
            </Td>
            <Td
              className="max-w-[12rem] truncate text-slate-500"
              title={[e.targetType, e.targetId, e.details ? JSON.stringify(e.details) : ""].filter(Boolean).join(" ")}
            >
              {e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"}
            </Td>
            <Td className="text-slate-500">{e.ip ?? "—"}</Td>
          </Tr>
        ))
      }
    >
      {hasNextPage && (
        <div className="border-t border-slate-200 p-4 text-center dark:border-slate-800">
          <Button variant="secondary" size="sm" busy={isFetchingNextPage} onClick={() => fetchNextPage()}>
            Load older entries
          </Button>
        </div>
      )}
    </ListCard>
  );
}
