"use client";

import { Webhook as WebhookIcon } from "lucide-react";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
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
  const update = useUpdateWebhook();
  const deleting = useRemoval<Webhook>(useDeleteWebhook());
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ListCard
      title="Webhooks"
      description="Call your CI/CD when images are pushed or deleted. Payloads are JSON, signed with HMAC-SHA256 (X-Wharf-Signature)."
      actions={<Button onClick={() => setAdding(true)}>Add webhook</Button>}
      query={useWebhooks()}
      empty={{
        icon: <WebhookIcon className="size-8" aria-hidden />,
        title: "No webhooks",
        body: "Add one to trigger builds or deployments on every push.",
      }}
      columns={["Name", "URL", "Events", "Last delivery"]}
      rows={(webhooks) =>
        webhooks.map((w) => (
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
                <Button size="sm" variant="ghost" onClick={() => deleting.ask(w)}>
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
        ))
      }
    >
      <CreateWebhookDialog open={adding} onClose={() => setAdding(false)} />
      <RemovalDialog removal={deleting} title="Delete webhook" confirmLabel="Delete webhook">
        {(w) => (
          <p>
            Delete <strong>{w.name}</strong> and its delivery log?
          </p>
        )}
      </RemovalDialog>
    </ListCard>
  );
}
