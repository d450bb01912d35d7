"use client";

import { X } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";

/** Edits a key=value label set; saves the whole set at once. */
export function LabelsEditor({
  labels,
  editable,
  saving,
  error,
  onSave,
}: {
  labels: Record<string, string>;
  editable: boolean;
  saving: boolean;
  error: Error | null;
  onSave: (labels: Record<string, string>) => void;
}) {
  const [draft, setDraft] = useState(labels);
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const original = JSON.stringify(labels);
  useEffect(() => setDraft(JSON.parse(original) as Record<string, string>), [original]);
  const dirty = JSON.stringify(draft) !== original;
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!key.trim()) return;
    setDraft({ ...draft, [key.trim()]: value });
    setKey("");
    setValue("");
  };
  const fieldError = error instanceof ApiError ? (Object.values(error.fieldErrors())[0] ?? error.message) : error?.message;
  return (
    <div className="space-y-3">
      <ul className="flex flex-wrap gap-2" aria-label="Labels">
        {Object.keys(draft).length === 0 && <li className="text-sm text-slate-500">No labels.</li>}
        {Object.entries(draft).map(([k, v]) => (
          <li key={k} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pl-3 pr-1 text-xs dark:bg-slate-800">
            <code>
              {k}={v}
            </code>
            {editable && (
              <button
                type="button"
                aria-label={`Remove label ${k}`}
                onClick={() => setDraft(Object.fromEntries(Object.entries(draft).filter(([x]) => x !== k)))}
                className="rounded-full p-0.5 hover:bg-slate-200 dark:hover:bg-slate-700"
              >
                <X className="size-3" aria-hidden />
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <>
          <form onSubmit={add} className="flex flex-wrap items-end gap-2">
            <Input
              aria-label="Label key"
              placeholder="key, e.g. zone"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              className="w-40"
            />
            <Input aria-label="Label value" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} className="w-40" />
            <Button type="submit" variant="secondary" size="sm">
              Add label
            </Button>
          </form>
          {fieldError && <Alert>{fieldError}</Alert>}
          <Button size="sm" disabled={!dirty} busy={saving} onClick={() => onSave(draft)}>
            Save labels
          </Button>
        </>
      )}
    </div>
  );
}
