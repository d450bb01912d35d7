"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useCreateRetentionRule, useRetentionPreview } from "@/lib/query/use-registry";
import { RetentionPreviewView } from "./retention-preview";

/** New rule with a dry-run preview before saving. */
export function RetentionRuleForm({ onSaved }: { onSaved: () => void }) {
  const [repository, setRepository] = useState("*");
  const [keepLast, setKeepLast] = useState("10");
  const [keepDays, setKeepDays] = useState("");
  const [previewQuery, setPreviewQuery] = useState<string | null>(null);
  const create = useCreateRetentionRule();
  const preview = useRetentionPreview(previewQuery ?? "", previewQuery !== null);
  const error = create.error instanceof ApiError ? create.error : null;
  const fields = error?.fieldErrors() ?? {};
  const input = () => ({ repository, keepLast: keepLast ? Number(keepLast) : null, keepDays: keepDays ? Number(keepDays) : null });
  const showPreview = () => {
    const q = new URLSearchParams({ repository });
    if (keepLast) q.set("keepLast", keepLast);
    if (keepDays) q.set("keepDays", keepDays);
    setPreviewQuery(q.toString());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(input(), { onSuccess: () => (setPreviewQuery(null), onSaved()) });
  };
  return (
    <form onSubmit={submit} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Repositories" error={fields.repository} hint="A name or glob inside the organisation: *, web, team-*.">
          <Input value={repository} onChange={(e) => setRepository(e.target.value)} required maxLength={200} />
        </Field>
        <Field label="Keep the last" error={fields.keepLast} hint="Number of newest tags kept.">
          <Input type="number" min={1} value={keepLast} onChange={(e) => setKeepLast(e.target.value)} />
        </Field>
        <Field label="Keep tags newer than (days)" error={fields.keepDays} hint="Optional; a tag survives if either keeps it.">
          <Input type="number" min={1} value={keepDays} onChange={(e) => setKeepDays(e.target.value)} />
        </Field>
      </div>
      {error && !Object.keys(fields).length && <Alert>{error.message}</Alert>}
      <div className="flex gap-2">
        <Button variant="secondary" onClick={showPreview} busy={preview.isFetching}>
          Preview (dry run)
        </Button>
        <Button type="submit" busy={create.isPending}>
          Save rule
        </Button>
      </div>
      {preview.error && <Alert>{preview.error.message}</Alert>}
      {previewQuery !== null && preview.data && <RetentionPreviewView preview={preview.data} />}
    </form>
  );
}
