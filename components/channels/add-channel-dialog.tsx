"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Textarea } from "@/components/ui/input";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";
import { cn } from "@/lib/cn";
import { ApiError } from "@/lib/query/api";
import { useCreateChannel } from "@/lib/query/use-notification-channels";
import {
  NOTIFICATION_CHANNEL_KINDS,
  type CreatedNotificationChannel,
  type CreateNotificationChannelInput,
  type NotificationChannelKind,
} from "@/lib/schemas/notification-channels";
import { CHANNEL_KINDS, splitRecipients } from "./channel-kinds";

const URL_HINT: Record<Exclude<NotificationChannelKind, "EMAIL">, { placeholder: string; hint: string }> = {
  WEBHOOK: {
    placeholder: "https://ops.example.com/hooks/wharf",
    hint: "Wharf POSTs JSON here; a signing secret is made for you and shown once.",
  },
  SLACK: {
    placeholder: "https://hooks.slack.com/services/T000/B000/XXXX",
    hint: "The incoming webhook's URL. It holds a token: it is stored encrypted and shown by host only.",
  },
  DINGTALK: {
    placeholder: "https://oapi.dingtalk.com/robot/send?access_token=…",
    hint: "The robot's webhook. It holds a token: it is stored encrypted and shown by host only.",
  },
};

function inputFor(kind: NotificationChannelKind, v: Record<string, string>): CreateNotificationChannelInput {
  const name = (v.name ?? "").trim();
  const url = (v.url ?? "").trim();
  if (kind === "EMAIL") return { kind, name, to: splitRecipients(v.to ?? "") };
  if (kind === "DINGTALK") return { kind, name, url, ...(v.secret?.trim() ? { secret: v.secret.trim() } : {}) };
  return { kind, name, url };
}

/** API field errors by form field: "to.1" (the second recipient) is the recipients box. */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.fieldErrors())) {
    const field = key.split(".")[0] ?? key;
    out[field] ??= key.includes(".") && field === "to" ? `recipient ${Number(key.split(".")[1]) + 1} ${message}` : message;
  }
  return out;
}

/** Add a channel; its kind decides the fields. A webhook's signing secret is shown once, here. */
export function AddChannelDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateChannel();
  const [kind, setKind] = useState<NotificationChannelKind>("EMAIL");
  const [values, setValues] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedNotificationChannel | null>(null);
  const errors = fieldErrors(create.error);
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const close = () => (create.reset(), setCreated(null), setValues({}), setKind("EMAIL"), onClose());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(inputFor(kind, values), { onSuccess: (channel) => (channel.secret ? setCreated(channel) : close()) });
  };
  return (
    <SecretOnceDialog
      open={open}
      onClose={close}
      title="Add notification channel"
      secret={
        created?.secret
          ? {
              title: "Webhook channel added",
              warning: "Copy the signing secret now: it is stored encrypted and never shown again (Rotate makes a new one).",
              value: created.secret,
              testId: "channel-secret",
              notes: (
                <p className="text-xs text-slate-500">
                  Verify each delivery: <code>X-Wharf-Signature: sha256=HMAC_SHA256(secret, X-Wharf-Timestamp + &quot;.&quot; + body)</code>
                  , hex, and reject old timestamps — the same as the registry&apos;s webhooks.
                </p>
              ),
            }
          : null
      }
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-slate-700 dark:text-slate-300">Kind</legend>
          <div className="grid grid-cols-2 gap-2">
            {NOTIFICATION_CHANNEL_KINDS.map((k) => {
              const { icon: Icon, label } = CHANNEL_KINDS[k];
              return (
                <label
                  key={k}
                  className={cn(
                    "flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                    kind === k ? "border-brand-600 bg-brand-50 font-medium dark:bg-brand-700/20" : "border-slate-300 dark:border-slate-700",
                  )}
                >
                  <input
                    type="radio"
                    name="kind"
                    value={k}
                    checked={kind === k}
                    onChange={() => (setKind(k), create.reset())}
                    className="sr-only"
                  />
                  <Icon className="size-4" aria-hidden />
                  {label}
                </label>
              );
            })}
          </div>
          <p className="mt-1.5 text-xs text-slate-500">{CHANNEL_KINDS[kind].help}</p>
        </fieldset>
        <Field label="Name" error={errors.name}>
          <Input value={values.name ?? ""} onChange={(e) => set("name", e.target.value)} maxLength={64} placeholder="On-call" autoFocus />
        </Field>
        {kind === "EMAIL" ? (
          <Field label="Recipients" hint="One address per line, or separated by commas; at most 20." error={errors.to}>
            <Textarea
              rows={3}
              value={values.to ?? ""}
              onChange={(e) => set("to", e.target.value)}
              placeholder="ops@example.com"
              className="font-sans text-sm"
            />
          </Field>
        ) : (
          <Field label={kind === "DINGTALK" ? "Robot webhook URL" : "URL"} hint={URL_HINT[kind].hint} error={errors.url}>
            <Input
              type="url"
              value={values.url ?? ""}
              onChange={(e) => set("url", e.target.value)}
              placeholder={URL_HINT[kind].placeholder}
            />
          </Field>
        )}
        {kind === "DINGTALK" && (
          <Field
            label="Signing secret (optional)"
            hint='Starts with SEC; only if the robot&apos;s security setting is "sign".'
            error={errors.secret}
          >
            <Input
              type="password"
              autoComplete="new-password"
              value={values.secret ?? ""}
              onChange={(e) => set("secret", e.target.value)}
            />
          </Field>
        )}
        {create.error && !Object.keys(errors).length && <Alert title="The channel was not added">{create.error.message}</Alert>}
        <FormActions submitLabel="Add channel" busy={create.isPending} onCancel={close} />
      </form>
    </SecretOnceDialog>
  );
}
