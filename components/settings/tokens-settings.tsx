"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useRevokeToken, useTokens } from "@/lib/query/use-tokens";
import type { ApiToken } from "@/lib/schemas/tokens";
import { CreateTokenDialog } from "./create-token-dialog";
import { RoleGate } from "./role-gate";

export function TokensSettings() {
  return (
    <RoleGate minimum="ADMIN" what="manage API tokens">
      <TokensCard />
    </RoleGate>
  );
}

function TokensCard() {
  const [creating, setCreating] = useState(false);
  const revoking = useRemoval<ApiToken>(useRevokeToken());
  return (
    <ListCard
      title="API tokens"
      description="Tokens act for this organisation with a role, through the REST API (Authorization: Bearer …) and docker login."
      actions={<Button onClick={() => setCreating(true)}>Create token</Button>}
      query={useTokens()}
      empty={{
        icon: <KeyRound className="size-8" aria-hidden />,
        title: "No API tokens",
        action: (
          <Button variant="secondary" onClick={() => setCreating(true)}>
            Create your first token
          </Button>
        ),
        body: (
          <>
            Create a token for CI pipelines and scripts. See the API at{" "}
            <a className="text-brand-600 hover:underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            .
          </>
        ),
      }}
      columns={["Name", "Token", "Role", "Last used", "Expires", "Status"]}
      rows={(tokens) =>
        tokens.map((t) => (
          <Tr key={t.id} data-testid={`token-${t.name}`}>
            <Td className="font-medium">{t.name}</Td>
            <Td>
              <code className="text-xs">{t.prefix}…</code>
            </Td>
            <Td>{t.role.toLowerCase()}</Td>
            <Td className="text-slate-500" data-testid="token-last-used">
              <TimeAgo iso={t.lastUsedAt} />
            </Td>
            <Td className="text-slate-500">
              <TimeAgo iso={t.expiresAt} fallback="never" />
            </Td>
            <Td>{t.revokedAt ? <Badge>revoked</Badge> : <Badge tone="green">active</Badge>}</Td>
            <Td className="text-right">
              {!t.revokedAt && (
                <Button variant="ghost" size="sm" onClick={() => revoking.ask(t)}>
                  Revoke
                </Button>
              )}
            </Td>
          </Tr>
        ))
      }
    >
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <RemovalDialog removal={revoking} title="Revoke token" confirmLabel="Revoke token">
        {(t) => (
          <p>
            Revoke <strong>{t.name}</strong>? Anything using it gets 401 from its next request. This cannot be undone.
          </p>
        )}
      </RemovalDialog>
    </ListCard>
  );
}
