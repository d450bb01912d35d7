"use client";

import { KeyRound, Power, PowerOff, Send, Trash2 } from "lucide-react";
import { Fragment, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardError } from "@/components/ui/card-error";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
import { useCan } from "@/lib/query/use-account";
import { useChannels, useDeleteChannel, useTestChannel, useUpdateChannel } from "@/lib/query/use-notification-channels";
import type { NotificationChannelView, TestNotificationResult } from "@/lib/schemas/notification-channels";
import { AddChannelDialog } from "./add-channel-dialog";
import { CHANNEL_KINDS } from "./channel-kinds";
import { answerText, ChannelDeliveries, DeliveryBadge } from "./channel-deliveries";
import { RotateSecretDialog } from "./rotate-secret-dialog";

/** A row action shown as its icon; its name is the label (read out, and shown on hover). */
function IconButton({ label, onClick, children }: { label: string; onClick: () => void; children: ReactNode }) {
  return (
    <Button size="sm" variant="ghost" aria-label={label} title={label} onClick={onClick} className="px-1.5">
      {children}
    </Button>
  );
}

type TestOutcome = { ok: boolean; message: string; answer: string | null };

function TestOutcomeView({ name, outcome, onDismiss }: { name: string; outcome: TestOutcome; onDismiss: () => void }) {
  return (
    <div data-testid="test-result" data-ok={outcome.ok}>
      <Alert
        tone={outcome.ok ? "success" : "error"}
        title={outcome.ok ? `Test notification delivered to ${name}` : `The test notification to ${name} failed`}
      >
        {/* Success: what the receiver said is the news. Failure: the server's reason, and the answer if it had one. */}
        <p>
          {outcome.ok ? (outcome.answer ? `The receiver answered ${outcome.answer}.` : outcome.message) : outcome.message}
          {!outcome.ok && outcome.answer && !outcome.message.includes(outcome.answer.replace(/\D/g, "")) && <> ({outcome.answer})</>}
        </p>
        <button type="button" className="mt-1 text-xs underline" onClick={onDismiss}>
          Dismiss
        </button>
      </Alert>
    </div>
  );
}

const outcomeOf = (c: NotificationChannelView, r: TestNotificationResult): TestOutcome => ({
  ok: r.ok,
  message: r.message,
  answer: answerText(r.delivery, c.kind === "EMAIL" ? "EMAIL" : "OTHER"),
});

/** The organisation's channels: where each sends, its last delivery, and Send test, Deliveries, on/off, Delete. */
export function ChannelsSettings() {
  const manage = useCan("channels.manage");
  const update = useUpdateChannel();
  const deleting = useRemoval<NotificationChannelView>(useDeleteChannel());
  const test = useTestChannel();
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [rotating, setRotating] = useState<NotificationChannelView | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, TestOutcome>>({});
  const sendTest = (c: NotificationChannelView) =>
    test.mutate(c.id, {
      onSuccess: (r) => setOutcomes((o) => ({ ...o, [c.id]: outcomeOf(c, r) })),
      onError: (e) => setOutcomes((o) => ({ ...o, [c.id]: { ok: false, message: e.message, answer: null } })),
    });
  const dismiss = (id: string) => setOutcomes(({ [id]: _gone, ...rest }) => rest);
  return (
    <ListCard
      title="Notification channels"
      description="Where alert rules send firing and resolved notifications. Each rule picks its channels."
      actions={manage && <Button onClick={() => setAdding(true)}>Add channel</Button>}
      query={useChannels()}
      loadError="The channels could not be loaded"
      empty={{
        icon: <Send className="size-8" aria-hidden />,
        title: "No channels yet",
        action: manage && <Button onClick={() => setAdding(true)}>Add a channel</Button>,
        body: "Add an e-mail list, a webhook, a Slack or a DingTalk robot, send it a test, then choose it in a rule. Without a channel, alerts still show here but notify no one.",
      }}
      columns={[
        "Name",
        "Sends to",
        <span key="last" className="whitespace-nowrap">
          Last delivery
        </span>,
      ]}
      rows={(channels) =>
        channels.map((c) => {
          const { icon: Icon, label } = CHANNEL_KINDS[c.kind];
          const outcome = outcomes[c.id];
          return (
            <Fragment key={c.id}>
              <Tr data-testid={`channel-${c.name}`}>
                <Td>
                  <span className="flex items-center gap-2 font-medium">
                    <Icon className="size-4 text-slate-500" aria-label={label} />
                    {c.name}
                    {!c.enabled && <Badge>off</Badge>}
                  </span>
                  <span className="text-xs text-slate-500" data-testid="channel-rules">
                    {c.ruleCount === 0 ? "no rule uses it" : `used by ${c.ruleCount} rule${c.ruleCount === 1 ? "" : "s"}`}
                  </span>
                </Td>
                <Td className="text-xs">
                  <code className="block max-w-[14rem] truncate" title={c.target} data-testid="channel-target">
                    {c.target}
                  </code>
                  {c.kind === "DINGTALK" && <span className="text-slate-500">{c.signed ? "signed" : "not signed"}</span>}
                </Td>
                <Td>
                  {c.lastDelivery ? (
                    <span className="flex items-center gap-1.5">
                      <DeliveryBadge status={c.lastDelivery.status} />
                      <code className="text-xs">{c.lastDelivery.event}</code>
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500">none</span>
                  )}
                </Td>
                <Td>
                  <div className="flex justify-end gap-1">
                    {manage && (
                      <Button
                        size="sm"
                        variant="secondary"
                        busy={test.isPending && test.variables === c.id}
                        onClick={() => sendTest(c)}
                        aria-label={`Send a test notification to ${c.name}`}
                      >
                        <Send className="size-3.5" aria-hidden />
                        Send test
                      </Button>
                    )}
                    <Button size="sm" variant="ghost" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>
                      Deliveries
                    </Button>
                    {manage && (
                      <IconButton
                        label={`${c.enabled ? "Turn off" : "Turn on"} ${c.name}`}
                        onClick={() => update.mutate({ channelId: c.id, input: { enabled: !c.enabled } })}
                      >
                        {c.enabled ? <PowerOff className="size-4" aria-hidden /> : <Power className="size-4" aria-hidden />}
                      </IconButton>
                    )}
                    {manage && c.kind === "WEBHOOK" && (
                      <IconButton label={`Rotate the signing secret of ${c.name}`} onClick={() => setRotating(c)}>
                        <KeyRound className="size-4" aria-hidden />
                      </IconButton>
                    )}
                    {manage && (
                      <IconButton label={`Delete ${c.name}`} onClick={() => deleting.ask(c)}>
                        <Trash2 className="size-4" aria-hidden />
                      </IconButton>
                    )}
                  </div>
                </Td>
              </Tr>
              {outcome && (
                <tr>
                  <td colSpan={4} className="px-5 pb-3">
                    <TestOutcomeView name={c.name} outcome={outcome} onDismiss={() => dismiss(c.id)} />
                  </td>
                </tr>
              )}
              {open === c.id && (
                <tr>
                  <td colSpan={4} className="bg-slate-50 px-5 py-2 dark:bg-slate-800/40">
                    <ChannelDeliveries channelId={c.id} email={c.kind === "EMAIL"} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })
      }
    >
      <CardError error={update.error} placement="below" />
      <AddChannelDialog open={adding} onClose={() => setAdding(false)} />
      <RotateSecretDialog channel={rotating} onClose={() => setRotating(null)} />
      <RemovalDialog removal={deleting} title="Delete channel" confirmLabel="Delete channel">
        {(c) => (
          <p>
            Delete <strong>{c.name}</strong> and its delivery log?
            {c.ruleCount > 0 && <> {c.ruleCount === 1 ? "One rule notifies" : `${c.ruleCount} rules notify`} it and will stop doing so.</>}
          </p>
        )}
      </RemovalDialog>
    </ListCard>
  );
}
