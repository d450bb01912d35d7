"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useCreateCluster } from "@/lib/query/use-clusters";

export function CreateClusterDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const create = useCreateCluster();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const error = create.error instanceof ApiError ? create.error : null;
  const fields = error?.fieldErrors() ?? {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, description: description || undefined }, { onSuccess: (c) => router.push(`/clusters/${c.id}?add=1`) });
  };
  return (
    <Dialog open={open} onClose={onClose} title="Create a cluster">
      <form onSubmit={submit} className="space-y-4">
        <Field label="Name" error={fields.name} hint="Lowercase letters, digits and hyphens, e.g. production-eu.">
          <Input value={name} onChange={(e) => setName(e.target.value.toLowerCase())} required maxLength={40} autoFocus />
        </Field>
        <Field label="Description" error={fields.description} hint="Optional.">
          <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
        </Field>
        {error && !fields.name && !fields.description && <Alert>{error.message}</Alert>}
        <FormActions submitLabel="Create cluster" busy={create.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
