"use client";

import { useEffect, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { can } from "@/lib/auth/permissions";
import { ApiError } from "@/lib/query/api";
import { useOrganization, useUpdateOrganization } from "@/lib/query/use-account";

export function GeneralSettings() {
  const { data: org, isLoading, error: loadError } = useOrganization();
  const update = useUpdateOrganization();
  const [name, setName] = useState("");
  useEffect(() => setName(org?.name ?? ""), [org?.name]);
  if (isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (loadError || !org) return <Alert>{loadError?.message ?? "Could not load the organisation"}</Alert>;
  const editable = can(org.role, "org.update");
  const error = update.error instanceof ApiError ? update.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(name);
  };
  return (
    <Card>
      <CardHeader title="Organisation" description="The slug names your registry namespace and never changes." />
      <form onSubmit={submit} className="grid max-w-xl gap-4 p-5">
        <Field label="Name" error={error?.fieldErrors().name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!editable} required minLength={2} maxLength={64} />
        </Field>
        <Field label="Slug" hint={`Images are pushed as <registry>/${org.slug}/<repository>:<tag>`}>
          <Input value={org.slug} readOnly />
        </Field>
        <p className="text-sm text-slate-500">
          Your role: <strong>{org.role.toLowerCase()}</strong>
        </p>
        {error && !error.fieldErrors().name && <Alert>{error.message}</Alert>}
        {update.isSuccess && <Alert tone="success">Saved.</Alert>}
        {editable && (
          <div>
            <Button type="submit" busy={update.isPending} disabled={name.trim() === org.name}>
              Save
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}
