"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Select, Textarea } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useCreateLogSink } from "@/lib/query/use-logs";
import { LOG_SINK_KINDS, type LogSinkKind } from "@/lib/schemas/log-sinks";
import { AUTH_MODES, initialSinkValues, SINK_KINDS, sinkInput, type SinkValues } from "./sink-form";

type FieldSpec = { key: string; label: string; hint?: ReactNode; placeholder?: string; secret?: boolean; multiline?: boolean };

const SETTINGS: Record<LogSinkKind, FieldSpec[]> = {
  ELASTICSEARCH: [{ key: "settings.index", label: "Index", hint: "Lowercase; created by the cluster on first write if it allows that." }],
  LOKI: [
    {
      key: "settings.labels",
      label: "Extra labels",
      hint: "One name=value per line, added to every stream (application, service, store and stream are always set).",
      placeholder: "env=production",
      multiline: true,
    },
    { key: "settings.tenant", label: "Tenant (X-Scope-OrgID)", hint: "Only for a multi-tenant Loki." },
  ],
  ALIYUN_SLS: [
    { key: "settings.project", label: "Project" },
    { key: "settings.logstore", label: "Logstore" },
    { key: "settings.topic", label: "Topic", hint: "Optional." },
  ],
};

const CREDENTIALS: Record<string, FieldSpec[]> = {
  none: [],
  basic: [
    { key: "credentials.username", label: "User" },
    { key: "credentials.password", label: "Password", secret: true },
  ],
  apiKey: [{ key: "credentials.apiKey", label: "API key", hint: 'The base64 "id:api_key" Elasticsearch gives.', secret: true }],
  bearer: [{ key: "credentials.bearerToken", label: "Bearer token", secret: true }],
  accessKey: [
    { key: "credentials.accessKeyId", label: "AccessKey ID" },
    { key: "credentials.accessKeySecret", label: "AccessKey secret", secret: true },
  ],
};

/** Add a sink: its kind decides the fields. Credentials are stored encrypted and never shown again. */
export function AddLogSinkDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateLogSink();
  const [kind, setKind] = useState<LogSinkKind>("ELASTICSEARCH");
  const [values, setValues] = useState<SinkValues>(() => initialSinkValues("ELASTICSEARCH"));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const apiError = create.error instanceof ApiError ? create.error : null;
  const errors = { ...(apiError?.fieldErrors() ?? {}), ...localErrors };
  const shown = [...SETTINGS[kind], ...(CREDENTIALS[values.auth ?? "none"] ?? [])].map((f) => f.key).concat("name", "url", "kind");
  const unplaced = Object.entries(errors).filter(([key]) => !shown.includes(key));

  const close = () => (
    create.reset(),
    setLocalErrors({}),
    setKind("ELASTICSEARCH"),
    setValues(initialSinkValues("ELASTICSEARCH")),
    onClose()
  );
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const pickKind = (next: LogSinkKind) => (
    setKind(next),
    setValues((v) => ({ ...initialSinkValues(next), name: v.name ?? "", url: "" })),
    create.reset(),
    setLocalErrors({})
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = sinkInput(kind, values);
    setLocalErrors(found);
    if (input) create.mutate(input, { onSuccess: close });
  };

  const field = (f: FieldSpec) => (
    <Field key={f.key} label={f.label} hint={f.hint} error={errors[f.key]}>
      {f.multiline ? (
        <Textarea rows={3} value={values[f.key] ?? ""} placeholder={f.placeholder} onChange={(e) => set(f.key, e.target.value)} />
      ) : (
        <Input
          type={f.secret ? "password" : "text"}
          autoComplete={f.secret ? "new-password" : "off"}
          value={values[f.key] ?? ""}
          placeholder={f.placeholder}
          onChange={(e) => set(f.key, e.target.value)}
        />
      )}
    </Field>
  );

  const info = SINK_KINDS[kind];
  return (
    <Dialog open={open} onClose={close} title="Add log sink">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Kind" error={errors.kind}>
          <Select value={kind} onChange={(e) => pickKind(e.target.value as LogSinkKind)}>
            {LOG_SINK_KINDS.map((k) => (
              <option key={k} value={k}>
                {SINK_KINDS[k].label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Name" error={errors.name}>
          <Input value={values.name ?? ""} onChange={(e) => set("name", e.target.value)} maxLength={64} autoFocus />
        </Field>
        <Field label={info.urlLabel} hint={info.urlHint} error={errors.url}>
          <Input type="url" value={values.url ?? ""} placeholder={info.urlPlaceholder} onChange={(e) => set("url", e.target.value)} />
        </Field>
        {SETTINGS[kind].map(field)}
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Authentication</legend>
          {AUTH_MODES[kind].length > 1 && (
            <div className="flex flex-wrap gap-4 text-sm">
              {AUTH_MODES[kind].map((m) => (
                <label key={m.id} className="flex items-center gap-1.5">
                  <input type="radio" name="auth" value={m.id} checked={values.auth === m.id} onChange={() => set("auth", m.id)} />
                  {m.label}
                </label>
              ))}
            </div>
          )}
          {(CREDENTIALS[values.auth ?? "none"] ?? []).map(field)}
          {errors.credentials && <p className="text-sm text-red-600 dark:text-red-400">Credentials: {errors.credentials}</p>}
        </fieldset>
        {unplaced.filter(([k]) => k !== "credentials").length > 0 && (
          <Alert title="The sink was not added">
            {unplaced
              .filter(([k]) => k !== "credentials")
              .map(([k, m]) => `${k}: ${m}`)
              .join("; ")}
          </Alert>
        )}
        {apiError && !Object.keys(errors).length && <Alert title="The sink was not added">{apiError.message}</Alert>}
        <p className="text-xs text-slate-500">
          Lines stored from now on are sent; older ones are not. A sink that is down catches up when it is back. Credentials are stored
          encrypted and never shown again.
        </p>
        <FormActions submitLabel="Add sink" busy={create.isPending} onCancel={close} />
      </form>
    </Dialog>
  );
}
