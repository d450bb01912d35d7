"use client";

import { Plus, X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ChoiceSelect } from "@/components/ui/choice-select";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Select } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { ApiError } from "@/lib/query/api";
import { useAlertRules, useCreateSilence } from "@/lib/query/use-alerts";
import { useApplications } from "@/lib/query/use-applications";
import { useClusters } from "@/lib/query/use-clusters";
import { ALERT_SUBJECT_LABELS, type CreateAlertSilenceInput } from "@/lib/schemas/alerts";

export type SilencePreset = { ruleId: string | null; matchers: Array<[string, string]>; comment?: string };

const DURATIONS = [
  { id: "3600", label: "1 hour" },
  { id: "14400", label: "4 hours" },
  { id: "86400", label: "1 day" },
  { id: "604800", label: "1 week" },
  { id: "custom", label: "Until…" },
] as const;

const LABEL_WORDS: Record<string, string> = {
  cluster: "cluster",
  node: "node id",
  application: "application",
  service: "service",
  task: "task id",
  load_balancer: "load balancer id",
};
/** The label "Add a label" offers first: the most common way to narrow a silence comes first. */
const ADD_ORDER = ["service", "application", "cluster", "node", "task", "load_balancer"] as const;

/** A matcher's value: clusters and applications are picked by name (alerts carry the cluster's id and the application's name). */
function MatcherValue({ label, index, value, onChange }: { label: string; index: number; value: string; onChange: (v: string) => void }) {
  const clusters = useClusters();
  const applications = useApplications();
  const name = `Value of label ${index + 1}`;
  if (label === "cluster") {
    return (
      <ChoiceSelect
        aria-label={name}
        className="py-1.5"
        value={value}
        none="Pick a cluster"
        choices={(clusters.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        onChange={onChange}
      >
        {value && !clusters.data?.items.some((c) => c.id === value) && <option value={value}>{value}</option>}
      </ChoiceSelect>
    );
  }
  if (label === "application") {
    const names = [...new Set((applications.data?.items ?? []).map((a) => a.name))];
    return (
      <ChoiceSelect
        aria-label={name}
        className="py-1.5"
        value={value}
        none="Pick an application"
        choices={names.map((n) => ({ value: n, label: n }))}
        onChange={onChange}
      >
        {value && !names.includes(value) && <option value={value}>{value}</option>}
      </ChoiceSelect>
    );
  }
  return <Input aria-label={name} className="py-1.5" value={value} onChange={(e) => onChange(e.target.value)} />;
}

function toInput(
  ruleId: string,
  matchers: Array<[string, string]>,
  comment: string,
  duration: string,
  until: string,
): CreateAlertSilenceInput | string {
  const m: Record<string, string> = {};
  for (const [k, v] of matchers) if (k && v.trim()) m[k] = v.trim();
  const base = { ruleId: ruleId || null, matchers: m, comment: comment.trim() };
  if (duration !== "custom") return { ...base, durationSeconds: Number(duration) };
  const end = new Date(until).getTime();
  if (!until || !Number.isFinite(end)) return "Enter when the silence ends";
  return { ...base, endsAt: new Date(end).toISOString() };
}

function SilenceForm({ preset, onDone }: { preset: SilencePreset; onDone: () => void }) {
  const rules = useAlertRules();
  const create = useCreateSilence();
  const [ruleId, setRuleId] = useState(preset.ruleId ?? "");
  const [matchers, setMatchers] = useState<Array<[string, string]>>(preset.matchers);
  const [comment, setComment] = useState(preset.comment ?? "");
  const [duration, setDuration] = useState<string>("3600");
  const [until, setUntil] = useState("");
  const [local, setLocal] = useState<string | null>(null);
  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const used = new Set(matchers.map(([k]) => k));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(ruleId, matchers, comment, duration, until);
    setLocal(typeof input === "string" ? input : null);
    if (typeof input !== "string") create.mutate(input, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label="New silence">
      <Field label="Rule" error={fields.ruleId}>
        <ChoiceSelect
          value={ruleId}
          none="Every rule of the organisation"
          choices={(rules.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
          onChange={setRuleId}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Only alerts with</legend>
        {matchers.map(([key, value], i) => (
          <div key={i} className="flex gap-2">
            <Select
              aria-label={`Label ${i + 1}`}
              className="w-40 py-1.5"
              value={key}
              onChange={(e) => setMatchers((m) => m.map((row, j) => (j === i ? [e.target.value, ""] : row)))}
            >
              {ALERT_SUBJECT_LABELS.filter((l) => l === key || !used.has(l)).map((l) => (
                <option key={l} value={l}>
                  {LABEL_WORDS[l] ?? l}
                </option>
              ))}
            </Select>
            <span className="self-center text-sm text-slate-500">=</span>
            <MatcherValue
              label={key}
              index={i}
              value={value}
              onChange={(v) => setMatchers((m) => m.map((row, j) => (j === i ? [row[0], v] : row)))}
            />
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Remove label ${i + 1}`}
              onClick={() => setMatchers((m) => m.filter((_, j) => j !== i))}
            >
              <X className="size-4" aria-hidden />
            </Button>
          </div>
        ))}
        {fields.matchers && <p className="text-sm text-red-600 dark:text-red-400">{fields.matchers}</p>}
        {matchers.length < ALERT_SUBJECT_LABELS.length && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => setMatchers((m) => [...m, [ADD_ORDER.find((l) => !used.has(l)) ?? "service", ""]])}
          >
            <Plus className="size-3.5" aria-hidden />
            Add a label
          </Button>
        )}
        {!matchers.length && (
          <p className="text-xs text-slate-500">No label: every alert of the rule (or of the organisation) is silenced.</p>
        )}
      </fieldset>
      <fieldset>
        <legend className="mb-1.5 text-sm font-medium text-slate-700 dark:text-slate-300">For</legend>
        <div className="flex flex-wrap gap-2">
          {DURATIONS.map((d) => (
            <label
              key={d.id}
              className={cn(
                "cursor-pointer rounded-md border px-3 py-1.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                duration === d.id
                  ? "border-brand-600 bg-brand-50 font-medium dark:bg-brand-700/20"
                  : "border-slate-300 dark:border-slate-700",
              )}
            >
              <input
                type="radio"
                name="duration"
                value={d.id}
                checked={duration === d.id}
                onChange={() => setDuration(d.id)}
                className="sr-only"
              />
              {d.label}
            </label>
          ))}
        </div>
        {duration === "custom" && (
          <div className="mt-2 max-w-xs">
            <Field label="Ends at (your time zone)" error={local ?? fields.endsAt}>
              <Input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
            </Field>
          </div>
        )}
        {duration !== "custom" && fields.endsAt && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{fields.endsAt}</p>}
      </fieldset>
      <Field label="Comment" hint="Why, for the people who see it (e.g. planned maintenance of node 2)." error={fields.comment}>
        <Input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
      </Field>
      {create.error && !Object.keys(fields).length && <Alert title="The silence was not created">{create.error.message}</Alert>}
      <p className="text-xs text-slate-500">
        While a silence is active, matching alerts are still recorded and shown; only their notifications are held back.
      </p>
      <FormActions submitLabel="Create silence" busy={create.isPending} onCancel={onDone} />
    </form>
  );
}

/** New silence; from an alert, the rule and the alert's labels come filled in. */
export function NewSilenceDialog({ preset, onClose }: { preset: SilencePreset | null; onClose: () => void }) {
  return (
    <Dialog open={preset !== null} onClose={onClose} title="New silence">
      {preset && <SilenceForm key={JSON.stringify(preset)} preset={preset} onDone={onClose} />}
    </Dialog>
  );
}
