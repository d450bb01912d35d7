"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardError } from "@/components/ui/card-error";
import { CopyField } from "@/components/ui/copy-button";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useJoinTokenAction, useJoinTokens } from "@/lib/query/use-clusters";
import type { CreatedJoinToken, JoinToken } from "@/lib/schemas/clusters";

function state(t: JoinToken) {
  if (t.revokedAt) return { label: "revoked", tone: "gray" as const };
  if (new Date(t.expiresAt) <= new Date()) return { label: "expired", tone: "red" as const };
  if (t.maxUses !== null && t.useCount >= t.maxUses) return { label: "used up", tone: "gray" as const };
  return { label: "active", tone: "green" as const };
}

export function JoinTokensCard({ clusterId }: { clusterId: string }) {
  const action = useJoinTokenAction(clusterId);
  const [rotated, setRotated] = useState<CreatedJoinToken | null>(null);
  return (
    <ListCard
      title="Join tokens"
      description="Tokens in install commands. Revoking one stops new machines from using it; machines already joined keep working."
      query={useJoinTokens(clusterId)}
      notice={
        <>
          <CardError error={action.error} placement="above" />
          {rotated && (
            <div className="px-5 pt-4">
              <Alert tone="success" title="New install command (shown once)">
                <CopyField value={rotated.commands.script} wrap surface="none" className="mt-1 items-start" />
              </Alert>
            </div>
          )}
        </>
      }
      empty={{ note: "No join tokens yet. “Add machine” creates one." }}
      columns={["Token", "Role", "State", "Expires", "Used"]}
      rows={(tokens) =>
        tokens.map((t) => {
          const s = state(t);
          return (
            <Tr key={t.id}>
              <Td>
                <code className="text-xs">{t.prefix}…</code>
              </Td>
              <Td>{t.role.toLowerCase()}</Td>
              <Td>
                <Badge tone={s.tone}>{s.label}</Badge>
              </Td>
              <Td className="text-slate-500">
                <TimeAgo iso={t.expiresAt} />
              </Td>
              <Td className="text-slate-500">
                {t.maxUses === null ? `${t.useCount}×` : `${t.useCount} of ${t.maxUses}`}
                {t.lastUsedAt && (
                  <>
                    {" "}
                    · <TimeAgo iso={t.lastUsedAt} />
                  </>
                )}
              </Td>
              <Td className="space-x-1 text-right">
                {s.label === "active" && (
                  <>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => action.mutate({ id: t.id, action: "rotate" }, { onSuccess: (r) => r && setRotated(r) })}
                    >
                      Rotate
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => action.mutate({ id: t.id, action: "revoke" })}>
                      Revoke
                    </Button>
                  </>
                )}
              </Td>
            </Tr>
          );
        })
      }
    />
  );
}
