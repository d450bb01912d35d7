"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Select } from "@/components/ui/input";
import { SecretOnceDialog } from "@/components/ui/secret-once-dialog";
import { canGrant, ROLES, type Role } from "@/lib/auth/permissions";
import { ApiError } from "@/lib/query/api";
import { useOrganization } from "@/lib/query/use-account";
import { useCreateToken, type CreatedApiToken } from "@/lib/query/use-tokens";

const EXPIRIES = [
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
  { label: "Never", days: null },
] as const;

export function CreateTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { data: org } = useOrganization();
  const create = useCreateToken();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const close = () => (setCreated(null), create.reset(), onClose());
  const error = create.error instanceof ApiError ? create.error : null;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const days = form.get("expires") === "never" ? null : Number(form.get("expires"));
    create.mutate({ name: String(form.get("name") ?? ""), role: form.get("role") as Role, expiresInDays: days }, { onSuccess: setCreated });
  };
  return (
    <SecretOnceDialog
      open={open}
      onClose={close}
      title="Create API token"
      secret={
        created && {
          title: "Token created",
          warning: "Copy the token now. Wharf stores only a hash and cannot show it again.",
          value: created.token,
          testId: "new-token",
        }
      }
    >
      <form onSubmit={submit} className="space-y-4">
        <Field label="Name" error={error?.fieldErrors().name} hint="What uses it, e.g. “CI deploys”.">
          <Input name="name" required maxLength={64} autoFocus />
        </Field>
        <Field label="Role" hint="A token can have at most your own role.">
          <Select name="role" defaultValue="DEVELOPER">
            {ROLES.filter((r) => org && canGrant(org.role, r)).map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Expires after">
          <Select name="expires" defaultValue="90">
            {EXPIRIES.map((e) => (
              <option key={e.label} value={e.days ?? "never"}>
                {e.label}
              </option>
            ))}
          </Select>
        </Field>
        {error && !error.fieldErrors().name && <Alert>{error.message}</Alert>}
        <FormActions submitLabel="Create token" busy={create.isPending} onCancel={close} />
      </form>
    </SecretOnceDialog>
  );
}
