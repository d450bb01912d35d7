"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { Template, TemplateVariable } from "@/lib/schemas/templates";

/** A random password: 24 characters from an alphabet safe in shells, URLs and YAML. */
function generatePassword(): string {
  const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

function VariableField({ v, value, onChange }: { v: TemplateVariable; value: string; onChange: (value: string) => void }) {
  const hint = [v.description, v.required ? "" : "Optional."].filter(Boolean).join(" ") || undefined;
  const input = (
    <Input
      value={value}
      onChange={(e) => onChange(e.target.value)}
      required={v.required}
      type={v.secret ? "password" : "text"}
      autoComplete={v.secret ? "new-password" : "off"}
      className="font-mono text-xs"
    />
  );
  if (!v.secret) {
    return (
      <Field label={v.label} hint={hint}>
        {input}
      </Field>
    );
  }
  return (
    <div className="flex items-end gap-2">
      <div className="flex-1">
        <Field label={v.label} hint={hint}>
          {input}
        </Field>
      </div>
      <Button
        variant="secondary"
        size="sm"
        className="mb-6"
        onClick={() => onChange(generatePassword())}
        aria-label={`Generate ${v.label}`}
      >
        Generate
      </Button>
    </div>
  );
}

/**
 * Asks a template's variables (defaults filled in, secrets in password fields); applying hands the
 * answers to the form, which puts them into the application's variables.
 */
export function TemplateVariablesDialog({
  template,
  onApply,
  onClose,
}: {
  template: Template | null;
  onApply: (template: Template, values: Record<string, string>) => void;
  onClose: () => void;
}) {
  return (
    <Dialog open={template !== null} onClose={onClose} title={template ? `Start from “${template.name}”` : ""}>
      {template && <VariablesForm key={template.id} template={template} onApply={onApply} onClose={onClose} />}
    </Dialog>
  );
}

function VariablesForm({
  template,
  onApply,
  onClose,
}: {
  template: Template;
  onApply: (template: Template, values: Record<string, string>) => void;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(template.variables.map((v) => [v.name, v.default])),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation(); // the dialog sits inside the application form
    onApply(template, values);
  };
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Template variables">
      <p className="text-slate-500 dark:text-slate-400">
        {template.variables.length === 0
          ? "This template asks nothing: its compose file goes into the editor as it is."
          : "The answers become the application's variables; you can still change them, and the compose file, before you preview."}
      </p>
      <div className="max-h-[55vh] space-y-4 overflow-y-auto pr-1">
        {template.variables.map((v) => (
          <VariableField
            key={v.name}
            v={v}
            value={values[v.name] ?? ""}
            onChange={(value) => setValues((s) => ({ ...s, [v.name]: value }))}
          />
        ))}
      </div>
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit">Use template</Button>
      </div>
    </form>
  );
}
