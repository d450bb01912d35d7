"use client";

import { Webhook as WebhookIcon } from "lucide-react";
import { Fragment, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { RoleGate } from "@/components/settings/role-gate";
import { useDeleteWebhook, useUpdateWebhook, useWebhooks } from "@/lib/query/use-registry";
import type { Webhook } from "@/lib/schemas/registry";
import { CreateWebhookDialog } from "./create-webhook-dialog";
import { DeliveryStatusBadge, WebhookDeliveries } from "./webhook-deliveries";

export function WebhooksSettings() {
  return (
    <RoleGate minimum="ADMIN" what="manage webhooks">
      <WebhooksCard />
    </RoleGate>
  );
}

function WebhooksCard() {
  const { data, error } = useWebhooks();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  return (
    <Card>
      <CardHeader
        title="Webhooks"
        description="Call your CI/CD when images are pushed or deleted. Payloads are JSON, signed with HMAC-SHA256 (X-Wharf-Signature)."
        actions={<Button onClick={() => setAdding(true)}>Add webhook</Button>}
      />
      {error && (
        <div className="p-5">
          <Alert>{error.message}</Alert>
        </div>
      )}
      {data && data.items.length === 0 && (
        <EmptyState icon={<WebhookIcon className="size-8" aria-hidden />} title="No webhooks">
          Add one to trigger builds or deployments on every push.
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>URL</Th>
              <Th>Events</Th>
              <Th>Last delivery</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((w) => (
              <Fragment key={w.id}>
                <Tr data-testid={`webhook-${w.name}`}>
                  <Td className="font-medium">
                    {w.name}
                    {!w.enabled && (
                      <>
                        {" "}
                        <Badge>disabled</Badge>
                      </>
                    )}
                  </Td>
                  <Td>
                    <code className="block max-w-xs truncate text-xs" title={w.url}>
                      {w.url}
                    </code>
                  </Td>
                  <Td className="space-x-1">
                    {w.events.map((e) => (
                      <Badge key={e} tone="blue">
                        {e}
                      </Badge>
                    ))}
                  </Td>
                  <Td>
                    {w.lastDelivery ? (
                      <DeliveryStatusBadge status={w.lastDelivery.status} />
                    ) : (
                      <span className="text-xs text-slate-500">none</span>
                    )}
                  </Td>
                  <Td className="space-x-1 text-right">
                    <Button size="sm" variant="ghost" aria-expanded={open === w.id} onClick={() => setOpen(open === w.id ? null : w.id)}>
                      Deliveries
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => update.mutate({ id: w.id, input: { enabled: !w.enabled } })}>
                      {w.enabled ? "Disable" : "Enable"}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(w)}>
                      Delete
                    </Button>
                  </Td>
                </Tr>
                {open === w.id && (
                  <tr>
                    <td colSpan={5} className="bg-slate-50 px-5 py-3 dark:bg-slate-800/40">
                      <WebhookDeliveries webhookId={w.id} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </Table>
      )}
      <CreateWebhookDialog open={adding} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete webhook"
        confirmLabel="Delete webhook"
        busy={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <p>
          Delete <strong>{deleting?.name}</strong> and its delivery log?
        </p>
      </ConfirmDialog>
    </Card>
  );
}
