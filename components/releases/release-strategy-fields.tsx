"use client";

import type { ChangeEvent } from "react";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { canaryParamsSchema, type ReleaseOptions, type ReleaseStrategy } from "@/lib/schemas/releases";

/** "deploy" is the plain rolling update of the services (no release); the others are releases. */
export type StrategyChoice = "deploy" | ReleaseStrategy;

const CHOICES: Array<{ value: StrategyChoice; label: string; hint: string }> = [
  {
    value: "deploy",
    label: "Deploy (rolling update)",
    hint: "Swarm replaces the tasks in place, a few at a time. A template with a wharf.release.strategy label is released with that strategy instead.",
  },
  {
    value: "rolling",
    label: "Rolling through the load balancer",
    hint: "Each old task leaves the balancer's pool before it stops, so no request reaches a stopping task.",
  },
  {
    value: "blue-green",
    label: "Blue-green",
    hint: "The new version runs beside the old one; you move traffic between them, then promote or roll back.",
  },
  {
    value: "canary",
    label: "Canary",
    hint: "Traffic moves to the new version in steps; a step whose error rate or p95 crosses a guard rail rolls back.",
  },
];

const DEFAULTS = canaryParamsSchema.parse({});

/** The form's text, kept as typed; `touched` names the canary fields the user changed. */
export type StrategyDraft = {
  choice: StrategyChoice;
  steps: string;
  holdSeconds: string;
  maxErrorRatePercent: string;
  maxP95Ms: string;
  touched: ReadonlyArray<CanaryField>;
};
type CanaryField = "steps" | "holdSeconds" | "maxErrorRatePercent" | "maxP95Ms";

export const initialStrategyDraft = (): StrategyDraft => ({
  choice: "deploy",
  steps: DEFAULTS.steps.join(", "),
  holdSeconds: String(DEFAULTS.holdSeconds),
  maxErrorRatePercent: String(DEFAULTS.maxErrorRate * 100),
  maxP95Ms: String(DEFAULTS.maxP95Ms),
  touched: [],
});

const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/**
 * The release options the draft stands for, or field errors. Only canary fields the user changed
 * are sent: the others come from the template's `wharf.release.canary.*` labels, then the defaults
 * the form shows.
 */
export function releaseOptionsOf(draft: StrategyDraft): { options: ReleaseOptions; errors: Partial<Record<CanaryField, string>> } {
  if (draft.choice === "deploy") return { options: {}, errors: {} };
  if (draft.choice !== "canary") return { options: { strategy: draft.choice }, errors: {} };
  const values = {
    steps: draft.steps
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number),
    holdSeconds: number(draft.holdSeconds),
    maxErrorRate: number(draft.maxErrorRatePercent) / 100,
    maxP95Ms: number(draft.maxP95Ms),
  };
  const fieldOf: Record<keyof typeof values, CanaryField> = {
    steps: "steps",
    holdSeconds: "holdSeconds",
    maxErrorRate: "maxErrorRatePercent",
    maxP95Ms: "maxP95Ms",
  };
  const chosen = Object.fromEntries(Object.entries(values).filter(([k]) => draft.touched.includes(fieldOf[k as keyof typeof values])));
  const parsed = canaryParamsSchema.partial().safeParse(chosen);
  if (!parsed.success) {
    const errors: Partial<Record<CanaryField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = fieldOf[issue.path[0] as keyof typeof values];
      if (field) errors[field] ??= issue.message;
    }
    return { options: { strategy: "canary" }, errors };
  }
  // `partial()` keeps the schema's defaults for the keys left out: send only the chosen ones.
  const canary = Object.fromEntries(Object.entries(parsed.data).filter(([k]) => k in chosen));
  return { options: { strategy: "canary", ...(Object.keys(canary).length ? { canary } : {}) }, errors: {} };
}

/** The "Release strategy" choice and, for a canary, its steps, hold and guard rails. */
export function ReleaseStrategyFields({
  draft,
  onChange,
  errors,
}: {
  draft: StrategyDraft;
  onChange: (next: StrategyDraft) => void;
  errors: Partial<Record<CanaryField, string>>;
}) {
  const set = (field: CanaryField) => (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...draft, [field]: e.target.value, touched: draft.touched.includes(field) ? draft.touched : [...draft.touched, field] });
  const choice = CHOICES.find((c) => c.value === draft.choice);
  return (
    <div className="space-y-4">
      <Field label="Release strategy" hint={choice?.hint}>
        <Select value={draft.choice} onChange={(e) => onChange({ ...draft, choice: e.target.value as StrategyChoice })}>
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </Select>
      </Field>
      {draft.choice === "canary" && (
        <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-2 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">Canary</legend>
          <Field label="Steps (% of requests)" hint="Increasing, ending at 100." error={errors.steps}>
            <Input value={draft.steps} onChange={set("steps")} inputMode="numeric" />
          </Field>
          <Field label="Hold per step (seconds)" error={errors.holdSeconds}>
            <Input type="number" min={5} max={3600} value={draft.holdSeconds} onChange={set("holdSeconds")} />
          </Field>
          <Field label="Max extra error rate (%)" hint="Over the old version's error rate." error={errors.maxErrorRatePercent}>
            <Input type="number" min={0} max={100} step="any" value={draft.maxErrorRatePercent} onChange={set("maxErrorRatePercent")} />
          </Field>
          <Field label="Max p95 (ms)" hint="Crossed only if also slower than the old version." error={errors.maxP95Ms}>
            <Input type="number" min={1} value={draft.maxP95Ms} onChange={set("maxP95Ms")} />
          </Field>
          <p className="text-xs text-slate-500 sm:col-span-2">
            Fields you leave as they are come from the template&apos;s <code>wharf.release.canary.*</code> labels, else these defaults.
          </p>
        </fieldset>
      )}
    </div>
  );
}
