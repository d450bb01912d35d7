"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Select } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useCreateOrganization, useSwitchOrganization } from "@/lib/query/use-account";
import type { Me } from "@/lib/schemas/auth";

export function OrgSwitcher({ me }: { me: Me }) {
  const router = useRouter();
  const switchOrg = useSwitchOrganization();
  const [creating, setCreating] = useState(false);
  return (
    <div className="space-y-2">
      <label htmlFor="org-switcher" className="block text-xs font-medium uppercase tracking-wide text-slate-500">
        Organisation
      </label>
      <div className="flex gap-1.5">
        <Select
          id="org-switcher"
          value={me.activeOrganizationId ?? ""}
          disabled={switchOrg.isPending}
          onChange={(e) => switchOrg.mutate(e.target.value, { onSuccess: () => router.refresh() })}
        >
          {me.memberships.map((m) => (
            <option key={m.organizationId} value={m.organizationId}>
              {m.organizationName}
            </option>
          ))}
        </Select>
        <Button variant="secondary" size="sm" onClick={() => setCreating(true)} aria-label="Create organisation">
          <Plus className="size-4" aria-hidden />
        </Button>
      </div>
      <CreateOrgDialog open={creating} onClose={() => setCreating(false)} onCreated={() => router.refresh()} />
    </div>
  );
}

function CreateOrgDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const create = useCreateOrganization();
  const [name, setName] = useState("");
  const error = create.error instanceof ApiError ? create.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name, { onSuccess: () => (setName(""), onClose(), onCreated()) });
  };
  return (
    <Dialog open={open} onClose={onClose} title="Create an organisation">
      <form onSubmit={submit} className="space-y-4">
        <p className="text-slate-500 dark:text-slate-400">
          You become its owner. Clusters, images and applications are never shared between organisations.
        </p>
        <Field label="Name" error={error?.fieldErrors().name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} required minLength={2} maxLength={64} autoFocus />
        </Field>
        {error && !error.fieldErrors().name && <Alert>{error.message}</Alert>}
        <FormActions submitLabel="Create organisation" busy={create.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
