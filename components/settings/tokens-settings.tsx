"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
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
  const { data, isLoading, error } = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <Card>
      <CardHeader
        title="API tokens"
        description="Tokens act for this organisation with a role, through the REST API (Authorization: Bearer …) and docker login."
        actions={<Button onClick={() => setCreating(true)}>Create token</Button>}
      />
      {error && (
        <div className="p-5">
          <Alert>{error.message}</Alert>
        </div>
      )}
      {isLoading && <p className="p-5 text-sm text-slate-500">Loading…</p>}
      {data && data.items.length === 0 && (
        <EmptyState
          icon={<KeyRound className="size-8" aria-hidden />}
          title="No API tokens"
          action={
            <Button variant="secondary" onClick={() => setCreating(true)}>
              Create your first token
            </Button>
          }
        >
          Create a token for CI pipelines and scripts. See the API at{" "}
          <a className="text-brand-600 hover:underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          .
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Token</Th>
              <Th>Role</Th>
              <Th>Last used</Th>
              <Th>Expires</Th>
              <Th>Status</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((t) => (
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
                    <Button variant="ghost" size="sm" onClick={() => (revoke.reset(), setRevoking(t))}>
                      Revoke
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke token"
        confirmLabel="Revoke token"
        busy={revoke.isPending}
        error={revoke.error?.message}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        <p>
          Revoke <strong>{revoking?.name}</strong>? Anything using it gets 401 from its next request. This cannot be undone.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
