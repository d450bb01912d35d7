"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useUpdateQuotas, type Installation } from "@/lib/query/use-installation";
import type { InstallationOrganization, UpdateQuotasInput } from "@/lib/schemas/installation";
import { formatQuota, QUOTA_KINDS, QUOTA_LABELS, type QuotaKind } from "./quota-meter";

const GIB = 1024 ** 3;

/** The form shows storage in GiB; the API takes bytes. Empty means the installation default. */
const toInput = (kind: QuotaKind, org: InstallationOrganization) => {
  const figure = org.quotas[kind];
  if (!figure.custom) return "";
  return kind === "registryBytes" ? String(Math.round((figure.limit / GIB) * 100) / 100) : String(figure.limit);
};

function parse(kind: QuotaKind, raw: string): number | null | "invalid" {
  const text = raw.trim();
  if (text === "") return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return "invalid";
  if (kind === "registryBytes") return Math.round(n * GIB);
  return Number.isInteger(n) ? n : "invalid";
}

/** An operator's quota form for one organisation: Enter saves, Escape cancels. */
export function EditQuotasDialog({
  org,
  defaults,
  onClose,
}: {
  org: InstallationOrganization | null;
  defaults: Installation["defaults"] | undefined;
  onClose: () => void;
}) {
  const update = useUpdateQuotas();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<QuotaKind, string>>>({});
  const close = () => (update.reset(), setFieldErrors({}), onClose());
  const serverError = update.error instanceof ApiError ? update.error : null;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!org) return;
    const form = new FormData(e.currentTarget);
    const input: UpdateQuotasInput = {};
    const errors: Partial<Record<QuotaKind, string>> = {};
    for (const kind of QUOTA_KINDS) {
      const value = parse(kind, String(form.get(kind) ?? ""));
      if (value === "invalid")
        errors[kind] =
          kind === "registryBytes"
            ? "Enter a number of GiB (0 or more), or leave it empty"
            : "Enter a whole number (0 or more), or leave it empty";
      else input[kind] = value;
    }
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) update.mutate({ organizationId: org.id, input }, { onSuccess: close });
  };
  return (
    <Dialog open={org !== null} onClose={close} title={org ? `Quotas of ${org.name}` : "Quotas"}>
      {org && (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <p className="text-slate-500 dark:text-slate-400">
            Leave a field empty for the installation default. Lowering a limit below what is in use removes nothing; it only stops new ones.
          </p>
          {QUOTA_KINDS.map((kind, i) => (
            <Field
              key={kind}
              label={kind === "registryBytes" ? `${QUOTA_LABELS[kind]} (GiB)` : QUOTA_LABELS[kind]}
              error={fieldErrors[kind] ?? serverError?.fieldErrors()[kind]}
              hint={`In use: ${formatQuota(kind, org.quotas[kind].used)}. Default: ${formatQuota(kind, defaults?.[kind] ?? null)}.`}
            >
              <Input name={kind} inputMode="decimal" defaultValue={toInput(kind, org)} placeholder="default" autoFocus={i === 0} />
            </Field>
          ))}
          {serverError && Object.keys(serverError.fieldErrors()).length === 0 && <Alert>{serverError.message}</Alert>}
          <FormActions submitLabel="Save quotas" busy={update.isPending} onCancel={close} />
        </form>
      )}
    </Dialog>
  );
}
