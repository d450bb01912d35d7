"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Select } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { useCreateAlertRule, useUpdateAlertRule } from "@/lib/query/use-alerts";
import { useChannels } from "@/lib/query/use-notification-channels";
import {
  ALERT_KIND_INFO,
  ALERT_SEVERITIES,
  EVENT_ALERT_KINDS,
  METRIC_ALERT_KINDS,
  type AlertRuleKind,
  type AlertRuleView,
} from "@/lib/schemas/alerts";
import { CHANNEL_KINDS } from "@/components/channels/channel-kinds";
import { FOR_PRESETS, forLabel, SEVERITY, unitText, usesDuration } from "./alert-format";
import { apiFieldErrors, createInput, newRuleValues, ruleValues, updateInput, withKind, type RuleValues } from "./rule-form";
import { RuleScopeFields } from "./rule-scope-fields";

function ChannelChoice({ values, error, onChange }: { values: RuleValues; error?: string; onChange: (ids: string[]) => void }) {
  const { data } = useChannels();
  const channels = data?.items ?? [];
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-sm font-semibold">Notify</legend>
      {data && !channels.length && (
        <p className="text-xs text-slate-500">
          No channels yet: the alert will show in the console only.{" "}
          <Link href="/alerts/channels" className="text-brand-600 hover:underline">
            Add a channel
          </Link>
          .
        </p>
      )}
      <div className="grid gap-1 sm:grid-cols-2">
        {channels.map((c) => {
          const Icon = CHANNEL_KINDS[c.kind].icon;
          return (
            <label key={c.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={values.channelIds.includes(c.id)}
                onChange={(e) => onChange(e.target.checked ? [...values.channelIds, c.id] : values.channelIds.filter((id) => id !== c.id))}
              />
              <Icon className="size-3.5 text-slate-500" aria-hidden />
              {c.name}
              {!c.enabled && <span className="text-xs text-slate-500">(off)</span>}
            </label>
          );
        })}
      </div>
      {error && <p className="text-sm text-red-600 dark:text-red-400">{error}</p>}
    </fieldset>
  );
}

function RuleForm({ rule, onDone }: { rule: AlertRuleView | null; onDone: () => void }) {
  const create = useCreateAlertRule();
  const update = useUpdateAlertRule();
  const mutation = rule ? update : create;
  const [values, setValues] = useState<RuleValues>(() => (rule ? ruleValues(rule) : newRuleValues()));
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...apiFieldErrors(mutation.error), ...local };
  const info = ALERT_KIND_INFO[values.kind];
  const set = (patch: Partial<RuleValues>) => setValues((v) => ({ ...v, ...patch }));
  // Restarts are counted over at least a minute: shorter windows are not offered for them.
  const forOptions = [
    ...new Set<number>([...FOR_PRESETS.filter((s) => values.kind !== "TASK_RESTARTS" || s >= 60), values.forSeconds]),
  ].sort((a, b) => a - b);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rule) {
      const { input, errors: found } = updateInput(rule, values);
      setLocal(found);
      if (!input) return;
      if (!Object.keys(input).length) return onDone();
      update.mutate({ ruleId: rule.id, input }, { onSuccess: onDone });
    } else {
      const { input, errors: found } = createInput(values);
      setLocal(found);
      if (input) create.mutate(input, { onSuccess: onDone });
    }
  };

  const kindOption = (k: AlertRuleKind) => (
    <option key={k} value={k}>
      {ALERT_KIND_INFO[k].label}
    </option>
  );
  const placed = [
    "name",
    "kind",
    "threshold",
    "forSeconds",
    "severity",
    "channelIds",
    "clusterId",
    "nodeId",
    "applicationId",
    "service",
    "loadBalancerId",
  ];
  const other = Object.entries(errors).filter(([k]) => !placed.includes(k));
  return (
    <form onSubmit={submit} className="space-y-5" noValidate aria-label={rule ? `Alert rule ${rule.name}` : "New alert rule"}>
      <div className="grid gap-3 sm:grid-cols-[2fr_3fr]">
        <Field label="Name" error={errors.name}>
          <Input value={values.name} onChange={(e) => set({ name: e.target.value })} maxLength={80} placeholder="Shop web CPU" autoFocus />
        </Field>
        <Field label="Kind" error={errors.kind} hint={rule ? "The kind of a rule cannot change." : undefined}>
          <Select
            value={values.kind}
            disabled={Boolean(rule)}
            onChange={(e) => (setValues((v) => withKind(v, e.target.value as AlertRuleKind)), setLocal({}))}
          >
            <optgroup label="Metrics (evaluated by Prometheus)">
              {METRIC_ALERT_KINDS.filter((k) => ALERT_KIND_INFO[k].evaluatedBy === "prometheus").map(kindOption)}
            </optgroup>
            <optgroup label="Events and checks (raised by Wharf)">
              {[...METRIC_ALERT_KINDS.filter((k) => ALERT_KIND_INFO[k].evaluatedBy === "wharf"), ...EVENT_ALERT_KINDS].map(kindOption)}
            </optgroup>
          </Select>
        </Field>
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Condition</legend>
        {(info.threshold || usesDuration(values.kind)) && (
          <div className="grid gap-3 sm:grid-cols-2">
            {info.threshold && (
              <Field label={`Threshold (${unitText(values.kind)})`} hint={info.threshold.help} error={errors.threshold}>
                <Input inputMode="decimal" value={values.threshold} onChange={(e) => set({ threshold: e.target.value })} />
              </Field>
            )}
            {usesDuration(values.kind) && (
              <Field
                label={values.kind === "TASK_RESTARTS" ? "Within" : "For"}
                hint={
                  values.kind === "TASK_RESTARTS"
                    ? "The window the restarts are counted in."
                    : "How long the condition must hold before the alert fires."
                }
                error={errors.forSeconds}
              >
                <Select value={values.forSeconds} onChange={(e) => set({ forSeconds: Number(e.target.value) })}>
                  {forOptions.map((s) => (
                    <option key={s} value={s}>
                      {forLabel(s)}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          </div>
        )}
        {!usesDuration(values.kind) && (
          <p className="text-xs text-slate-500">
            {info.threshold
              ? "Checked by Wharf every few seconds; fires as soon as it holds."
              : "Raised by Wharf as soon as it happens; resolved when it is over."}
          </p>
        )}
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Scope</legend>
        <RuleScopeFields kind={values.kind} scope={values.scope} errors={errors} onChange={(scope) => set({ scope })} />
      </fieldset>
      <fieldset>
        <legend className="mb-1.5 text-sm font-semibold">Severity</legend>
        <div className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {ALERT_SEVERITIES.map((s) => (
            <label
              key={s}
              className={cn(
                "cursor-pointer px-3 py-1.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-inset has-[:focus-visible]:ring-brand-500",
                values.severity === s ? "bg-brand-600 text-white" : "bg-white hover:bg-slate-50 dark:bg-slate-900 dark:hover:bg-slate-800",
              )}
            >
              <input
                type="radio"
                name="severity"
                value={s}
                checked={values.severity === s}
                onChange={() => set({ severity: s })}
                className="sr-only"
              />
              {SEVERITY[s].label}
            </label>
          ))}
        </div>
      </fieldset>
      <ChannelChoice values={values} error={errors.channelIds} onChange={(channelIds) => set({ channelIds })} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={values.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        Enabled
      </label>
      {other.length > 0 && <Alert title="The rule was not saved">{other.map(([k, m]) => `${k}: ${m}`).join("; ")}</Alert>}
      {mutation.error && !Object.keys(errors).length && <Alert title="The rule was not saved">{mutation.error.message}</Alert>}
      <FormActions submitLabel={rule ? "Save rule" : "Create rule"} busy={mutation.isPending} onCancel={onDone} />
    </form>
  );
}

/** Create a rule (`rule` "new") or edit one; the API's 422 shows under the field it concerns. */
export function RuleDialog({ rule, onClose }: { rule: AlertRuleView | "new" | null; onClose: () => void }) {
  const editing = rule !== null && rule !== "new" ? rule : null;
  return (
    <Dialog open={rule !== null} onClose={onClose} title={editing ? `Edit ${editing.name}` : "New alert rule"}>
      {rule !== null && <RuleForm key={editing?.id ?? "new"} rule={editing} onDone={onClose} />}
    </Dialog>
  );
}
