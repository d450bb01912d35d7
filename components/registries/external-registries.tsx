"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useCan } from "@/lib/query/use-account";
import { useDeleteExternalRegistry, useExternalRegistries, useTestExternalRegistry } from "@/lib/query/use-registry";
import type { ExternalRegistry } from "@/lib/schemas/registry";
import { AddExternalRegistryDialog } from "./add-external-registry-dialog";
import { EditExternalRegistryDialog } from "./edit-external-registry-dialog";

const KIND_LABEL: Record<string, string> = { DOCKER_HUB: "Docker Hub", GHCR: "GHCR", ECR: "ECR", ACR: "ACR", GENERIC: "v2 registry" };

function TestState({ r }: { r: ExternalRegistry }) {
  if (r.lastTestOk === null) return <span className="text-xs text-slate-500">not tested</span>;
  return (
    <span className="inline-flex items-center gap-2">
      {r.lastTestOk ? <Badge tone="green">connected</Badge> : <Badge tone="red">failed</Badge>}
      <span className="text-xs text-slate-500">
        <TimeAgo iso={r.lastTestedAt} />
      </span>
    </span>
  );
}

export function ExternalRegistries() {
  const query = useExternalRegistries();
  const manage = useCan("registry.manage");
  const test = useTestExternalRegistry();
  const deleting = useRemoval<ExternalRegistry>(useDeleteExternalRegistry());
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ExternalRegistry | null>(null);
  const failed = query.data?.items.filter((r) => r.lastTestOk === false && r.lastTestError) ?? [];
  return (
    <ListCard
      title="External registries"
      description="Credentials nodes use to pull private images from Docker Hub, GHCR, ECR, ACR or any v2 registry. Passwords are encrypted at rest and never shown again."
      actions={manage && <Button onClick={() => setAdding(true)}>Add registry</Button>}
      query={query}
      notice={
        failed.length > 0 && (
          <div className="space-y-2 px-5 pt-4">
            {failed.map((r) => (
              <Alert key={r.id} tone="warning" title={`${r.name}: test failed`}>
                {r.lastTestError}
              </Alert>
            ))}
          </div>
        )
      }
      empty={{
        icon: <KeyRound className="size-8" aria-hidden />,
        title: "No external registries",
        body: "Public images need none. Add credentials to deploy private images from other registries.",
      }}
      columns={["Name", "Kind", "Host", "Username", "Connection"]}
      rows={(registries) =>
        registries.map((r) => (
          <Tr key={r.id} data-testid={`external-${r.name}`}>
            <Td className="font-medium">{r.name}</Td>
            <Td>{KIND_LABEL[r.kind] ?? r.kind}</Td>
            <Td>
              <code className="text-xs">{r.host}</code>
            </Td>
            <Td>{r.username}</Td>
            <Td>
              <TestState r={r} />
            </Td>
            <Td className="space-x-1 text-right">
              {manage && (
                <Button size="sm" variant="secondary" busy={test.isPending && test.variables === r.id} onClick={() => test.mutate(r.id)}>
                  Test connection
                </Button>
              )}
              {manage && (
                <Button size="sm" variant="ghost" onClick={() => setEditing(r)}>
                  Edit
                </Button>
              )}
              {manage && (
                <Button size="sm" variant="ghost" onClick={() => deleting.ask(r)}>
                  Delete
                </Button>
              )}
            </Td>
          </Tr>
        ))
      }
    >
      <AddExternalRegistryDialog open={adding} onClose={() => setAdding(false)} />
      <EditExternalRegistryDialog registry={editing} onClose={() => setEditing(null)} />
      <RemovalDialog removal={deleting} title="Delete credentials" confirmLabel="Delete">
        {(r) => (
          <p>
            Delete the credentials for <strong>{r.host}</strong>? Deployments of private images from it will fail to pull on new nodes.
          </p>
        )}
      </RemovalDialog>
    </ListCard>
  );
}
