"use client";

import { Upload } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Textarea } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useUploadCertificate } from "@/lib/query/use-load-balancers";

/** A PEM file read into a text area ("Choose a file…" next to it, for keyboard and mouse alike). */
function PemInput({
  name,
  label,
  hint,
  error,
  placeholder,
}: {
  name: string;
  label: string;
  hint: string;
  error?: string;
  placeholder: string;
}) {
  const [value, setValue] = useState("");
  return (
    <div className="space-y-1">
      <Field label={label} hint={hint} error={error}>
        <Textarea
          name={name}
          rows={5}
          required
          spellCheck={false}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={placeholder}
        />
      </Field>
      <label className="inline-flex cursor-pointer items-center gap-1.5 text-xs text-brand-600 hover:underline focus-within:underline">
        <Upload className="size-3.5" aria-hidden />
        Choose a file for {label.toLowerCase()}…
        <input
          type="file"
          accept=".pem,.crt,.cer,.key,text/plain"
          className="sr-only"
          onChange={(e) => void e.target.files?.[0]?.text().then(setValue)}
        />
      </label>
    </div>
  );
}

export function UploadCertificateDialog({ clusterId, open, onClose }: { clusterId: string; open: boolean; onClose: () => void }) {
  const upload = useUploadCertificate(clusterId);
  const close = () => (upload.reset(), onClose());
  const error = upload.error instanceof ApiError ? upload.error : null;
  const fields = error?.fieldErrors() ?? {};
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    upload.mutate(
      { ...(name ? { name } : {}), certificate: String(form.get("certificate") ?? ""), privateKey: String(form.get("privateKey") ?? "") },
      { onSuccess: close },
    );
  };
  return (
    <Dialog open={open} onClose={close} title="Upload certificate">
      {open && (
        <form onSubmit={submit} className="space-y-4" autoComplete="off" aria-label="Upload certificate">
          <Field label="Name (optional)" error={fields.name} hint="Defaults to the certificate's first domain.">
            <Input name="name" maxLength={63} />
          </Field>
          <PemInput
            name="certificate"
            label="Certificate"
            error={fields.certificate}
            hint="PEM: the certificate first, then its intermediates."
            placeholder="-----BEGIN CERTIFICATE-----"
          />
          <PemInput
            name="privateKey"
            label="Private key"
            error={fields.privateKey}
            hint="Unencrypted PEM. Stored encrypted; never shown again."
            placeholder="-----BEGIN PRIVATE KEY-----"
          />
          {error && !Object.keys(fields).length && <Alert>{error.message}</Alert>}
          <FormActions submitLabel="Upload certificate" busy={upload.isPending} onCancel={close} />
        </form>
      )}
    </Dialog>
  );
}
