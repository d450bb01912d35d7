"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input } from "@/components/ui/input";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";
import { ApiError } from "@/lib/query/api";
import { useCreateWebhook } from "@/lib/query/use-registry";
import { WEBHOOK_EVENTS, type CreatedWebhook } from "@/lib/schemas/registry";

type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function CreateWebhookDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateWebhook();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const close = () => (setCreated(null), create.reset(), onClose());
  const error = create.error instanceof ApiError ? create.error : null;
  const fields = error?.fieldErrors() ?? {};
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    create.mutate({ name: String(form.get("name") ?? ""), url: String(form.get("url") ?? ""), events }, { onSuccess: setCreated });
  };
  return (
    <SecretOnceDialog
      open={open}
      onClose={close}
      title="Add webhook"
      secret={
        created && {
          title: "Webhook created",
          warning: "Copy the signing secret now; it is stored encrypted and never shown again.",
          value: created.secret,
          testId: "webhook-secret",
          notes: (
            <p className="text-xs text-slate-500">
              Verify each delivery: <code>X-Wharf-Signature: sha256=HMAC_SHA256(secret, X-Wharf-Timestamp + &quot;.&quot; + body)</code>,
              hex. Reject old timestamps.
            </p>
          ),
        }
      }
    >
      <form onSubmit={submit} className="space-y-4">
        <Field label="Name" error={fields.name}>
          <Input name="name" required maxLength={64} autoFocus />
        </Field>
        <Field
          label="URL"
          error={fields.url}
          hint="Wharf POSTs a JSON payload here; 2xx counts as delivered, anything else is retried with backoff."
        >
          <Input name="url" type="url" required placeholder="https://ci.example.com/hooks/wharf" />
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Events</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) => setEvents((cur) => (e.target.checked ? [...cur, ev] : cur.filter((x) => x !== ev)))}
              />
              <code>{ev}</code>
            </label>
          ))}
        </fieldset>
        {error && !fields.name && !fields.url && <Alert>{error.message}</Alert>}
        <FormActions submitLabel="Add webhook" busy={create.isPending} onCancel={close} />
      </form>
    </SecretOnceDialog>
  );
}
