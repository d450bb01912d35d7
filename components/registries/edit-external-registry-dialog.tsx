"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useUpdateExternalRegistry } from "@/lib/query/use-registry";
import type { ExternalRegistry, UpdateExternalRegistryInput } from "@/lib/schemas/registry";

/**
 * Edits stored credentials. The password is never shown; it may stay as it is unless the host
 * changes — stored credentials are only ever sent to the host they were entered for, so moving
 * them to another host needs the password again (the API refuses it otherwise).
 */
export function EditExternalRegistryDialog({ registry, onClose }: { registry: ExternalRegistry | null; onClose: () => void }) {
  return (
    <Dialog open={registry !== null} onClose={onClose} title="Edit external registry">
      {registry && <EditForm key={registry.id} registry={registry} onClose={onClose} />}
    </Dialog>
  );
}

function EditForm({ registry, onClose }: { registry: ExternalRegistry; onClose: () => void }) {
  const update = useUpdateExternalRegistry();
  const [host, setHost] = useState(registry.host);
  const hostChanged = host.trim().toLowerCase() !== registry.host;
  const close = () => (update.reset(), onClose());
  const error = update.error instanceof ApiError ? update.error : null;
  const fields = error?.fieldErrors() ?? {};
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const input: UpdateExternalRegistryInput = {
      ...(name !== registry.name ? { name } : {}),
      ...(hostChanged ? { host: host.trim() } : {}),
      ...(username !== registry.username ? { username } : {}),
      ...(password ? { password } : {}),
    };
    update.mutate({ id: registry.id, input }, { onSuccess: close });
  };
  return (
    <form onSubmit={submit} className="space-y-4" autoComplete="off">
      <Field label="Name" error={fields.name}>
        <Input name="name" defaultValue={registry.name} required maxLength={64} />
      </Field>
      <Field label="Host" error={fields.host} hint="Without https://, e.g. ghcr.io or registry.example.com:5000.">
        <Input value={host} onChange={(e) => setHost(e.target.value)} required />
      </Field>
      <Field label="Username" error={fields.username}>
        <Input name="username" defaultValue={registry.username} required maxLength={256} autoComplete="off" />
      </Field>
      <Field
        label="Password or token"
        error={fields.password}
        hint={
          hostChanged
            ? "Required: the stored password is only ever sent to the host it was entered for."
            : "Leave empty to keep the stored one."
        }
      >
        <Input name="password" type="password" required={hostChanged} autoComplete="new-password" data-testid="edit-external-password" />
      </Field>
      {error && !Object.keys(fields).length && <Alert>{error.message}</Alert>}
      <FormActions submitLabel="Save changes" busy={update.isPending} onCancel={close} />
    </form>
  );
}
