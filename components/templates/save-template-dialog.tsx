"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useSaveTemplate } from "@/lib/query/use-templates";
import { referencedVariables, type Template, type TemplateVariable } from "@/lib/schemas/templates";

const LOOKS_SECRET = /PASS|SECRET|TOKEN|KEY|CREDENTIAL/i;

/**
 * The variables a saved template asks: every one its compose file uses, then any other variable of
 * the form. Labels and hints come from the template it started from, if any; defaults are the
 * form's current values, except for secrets, whose values are never saved.
 */
export function variablesToSave(compose: string, env: Record<string, string>, origin: Template | null): TemplateVariable[] {
  const names = [...new Set([...referencedVariables(compose), ...Object.keys(env)])];
  return names.map((name) => {
    const known = origin?.variables.find((v) => v.name === name);
    const secret = known?.secret ?? LOOKS_SECRET.test(name);
    return {
      name,
      label: known?.label ?? name,
      description: known?.description ?? "",
      default: secret ? "" : (env[name] ?? known?.default ?? ""),
      required: known?.required ?? true,
      secret,
    };
  });
}

type Props = {
  open: boolean;
  onClose: () => void;
  onSaved: (template: Template) => void;
  compose: string;
  env: Record<string, string>;
  origin: Template | null;
};

export function SaveTemplateDialog(props: Props) {
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Save as template">
      {props.open && <SaveTemplateForm {...props} />}
    </Dialog>
  );
}

function SaveTemplateForm({ onClose, onSaved, compose, env, origin }: Props) {
  const save = useSaveTemplate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState(origin?.description ?? "");
  const [variables, setVariables] = useState(() => variablesToSave(compose, env, origin));
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const setSecret = (i: number, secret: boolean) =>
    setVariables((vs) => vs.map((v, j) => (j === i ? { ...v, secret, default: secret ? "" : (env[v.name] ?? "") } : v)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    save.mutate({ name, description, compose, variables }, { onSuccess: onSaved });
  };
  if (!compose.trim()) {
    return (
      <>
        <Alert tone="info">There is no compose file to save yet: write one, or start from a template, first.</Alert>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        </div>
      </>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Save as template">
      <p className="text-slate-500 dark:text-slate-400">
        Everyone in your organisation will find it in the gallery. The compose file is saved as it is; each variable becomes a question,
        with today&apos;s value as its default. Values of secret variables are never saved.
      </p>
      <Field label="Template name" error={fields.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} autoFocus />
      </Field>
      <Field label="Description" error={fields.description} hint="What it runs and when to use it.">
        <Textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={2}
          maxLength={500}
          className="font-sans text-sm"
        />
      </Field>
      {variables.length > 0 && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Variables</legend>
          <ul className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2 dark:border-slate-800">
            {variables.map((v, i) => (
              <li key={v.name} className="flex items-center justify-between gap-3 px-1 py-0.5">
                <span className="min-w-0 truncate font-mono text-xs" title={v.secret ? v.name : `${v.name} = ${v.default}`}>
                  {v.name}
                  {!v.secret && v.default && <span className="text-slate-500"> = {v.default}</span>}
                </span>
                <label className="flex shrink-0 items-center gap-1.5 text-xs">
                  <input type="checkbox" checked={v.secret} onChange={(e) => setSecret(i, e.target.checked)} />
                  Secret<span className="sr-only"> {v.name}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {save.error && <Alert>{save.error.message}</Alert>}
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onClose} disabled={save.isPending}>
          Cancel
        </Button>
        <Button type="submit" busy={save.isPending}>
          Save template
        </Button>
      </div>
    </form>
  );
}
