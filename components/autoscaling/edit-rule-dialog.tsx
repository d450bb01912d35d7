"use client";

import { Fragment, useState, type ChangeEvent, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { COMPACT_CONTROL, CompactInput } from "@/components/ui/compact-input";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input } from "@/components/ui/input";
import { useUpdateAutoscalingRule } from "@/lib/query/use-autoscaling";
import { AUTOSCALING_METRICS, type AutoscalingRuleView } from "@/lib/schemas/autoscaling";
import { METRIC_TITLES } from "./rule-format";
import {
  changesFrom,
  fieldErrorsOf,
  formValues,
  inFormWords,
  SETTING_FIELDS,
  THRESHOLD_UNIT,
  thresholdKey,
  thresholdLabel,
  type FormValues,
} from "./rule-form";

/** A threshold's box in the grid: named in full for assistive tools ("CPU: scale out above (%)"), its error below it. */
function ThresholdInput({
  name,
  value,
  error,
  onChange,
  autoFocus,
}: {
  name: string;
  value: string;
  error?: string;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
  autoFocus?: boolean;
}) {
  return (
    <div>
      <CompactInput aria-label={name} inputMode="decimal" value={value} onChange={onChange} autoFocus={autoFocus} error={error} />
    </div>
  );
}

function RuleForm({ rule, onDone }: { rule: AutoscalingRuleView; onDone: () => void }) {
  const update = useUpdateAutoscalingRule();
  const [values, setValues] = useState<FormValues>(() => formValues(rule));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrorsOf(update.error), ...localErrors };
  const set = (key: string) => (e: ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = changesFrom(rule, values);
    setLocalErrors(found);
    if (Object.keys(found).length) return;
    if (!Object.keys(input).length) return onDone();
    update.mutate({ ruleId: rule.id, input }, { onSuccess: onDone });
  };

  const field = (key: string, label: string, hint: string) => (
    <Field key={key} label={label} hint={hint} error={errors[key]}>
      <Input inputMode="decimal" value={values[key] ?? ""} onChange={set(key)} className={COMPACT_CONTROL} />
    </Field>
  );

  return (
    <form onSubmit={submit} className="space-y-5" noValidate aria-label={`Autoscaling rule of ${rule.applicationName}/${rule.service}`}>
      {update.error && <Alert title="The rule was not saved">{inFormWords(update.error.message)}</Alert>}
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Thresholds</legend>
        <p className="text-xs text-slate-500">
          Averages over the service&apos;s containers. Leave a box empty to not watch it. Percentages: scale out from 50 to 100, scale in
          from 0 to 50, at least 30 apart.
        </p>
        <div className="grid grid-cols-[7rem_1fr_1fr] items-start gap-x-3 gap-y-2">
          <span />
          <span className="text-xs font-medium text-slate-600 dark:text-slate-300" aria-hidden>
            Scale out above
          </span>
          <span className="text-xs font-medium text-slate-600 dark:text-slate-300" aria-hidden>
            Scale in below
          </span>
          {AUTOSCALING_METRICS.map((m, i) => (
            <Fragment key={m}>
              <span className="pt-2 text-sm font-medium">
                {METRIC_TITLES[m]} <span className="text-xs font-normal text-slate-500">({THRESHOLD_UNIT[m]})</span>
              </span>
              {(["max", "min"] as const).map((bound) => (
                <ThresholdInput
                  key={bound}
                  name={thresholdLabel(m, bound)}
                  value={values[thresholdKey(m, bound)] ?? ""}
                  onChange={set(thresholdKey(m, bound))}
                  error={errors[thresholdKey(m, bound)]}
                  autoFocus={i === 0 && bound === "max"}
                />
              ))}
            </Fragment>
          ))}
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Bounds and timing</legend>
        <div className="grid grid-cols-2 gap-3">{SETTING_FIELDS.map((f) => field(f.key, f.label, f.hint))}</div>
      </fieldset>
      <p className="text-xs text-slate-500">
        Saved rules take effect at the next evaluation, without a redeploy. A later deploy whose labels declare a different rule replaces
        these values.
      </p>
      <FormActions submitLabel="Save rule" busy={update.isPending} onCancel={onDone} />
    </form>
  );
}

/** Edit a rule's thresholds, bounds and timing; the API's 400 (gap, bounds) shows under the field it concerns. */
export function EditRuleDialog({ rule, onClose }: { rule: AutoscalingRuleView | null; onClose: () => void }) {
  return (
    <Dialog
      open={rule !== null}
      onClose={onClose}
      title={rule ? `Autoscaling of ${rule.applicationName}/${rule.service}` : "Autoscaling rule"}
    >
      {/* `rule` is the row as it was when Edit was pressed: the evaluator's refreshes must not reset what is being typed */}
      {rule && <RuleForm key={rule.id} rule={rule} onDone={onClose} />}
    </Dialog>
  );
}
