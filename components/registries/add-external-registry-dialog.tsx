"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Select } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useCreateExternalRegistry } from "@/lib/query/use-registry";
import type { ExternalRegistryKind } from "@/lib/schemas/registry";

const KINDS: Array<{ kind: ExternalRegistryKind; label: string; host: string; hint: string }> = [
  { kind: "DOCKER_HUB", label: "Docker Hub", host: "docker.io", hint: "Your Docker ID and an access token." },
  { kind: "GHCR", label: "GitHub Container Registry", host: "ghcr.io", hint: "Your GitHub user and a token with read:packages." },
  {
    kind: "ECR",
    label: "Amazon ECR",
    host: "",
    hint: "Host <account>.dkr.ecr.<region>.amazonaws.com, user AWS, password from `aws ecr get-login-password` (valid 12 hours).",
  },
  { kind: "ACR", label: "Azure Container Registry", host: "", hint: "Host <name>.azurecr.io and a service principal or token." },
  { kind: "GENERIC", label: "Any v2 registry", host: "", hint: "Any registry speaking the Docker Registry HTTP API v2." },
];

export function AddExternalRegistryDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateExternalRegistry();
  const [kind, setKind] = useState<ExternalRegistryKind>("DOCKER_HUB");
  const [host, setHost] = useState("docker.io");
  const close = () => (create.reset(), onClose());
  const error = create.error instanceof ApiError ? create.error : null;
  const fields = error?.fieldErrors() ?? {};
  const current = KINDS.find((k) => k.kind === kind);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    create.mutate(
      {
        name: String(form.get("name") ?? ""),
        kind,
        host,
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
      },
      { onSuccess: close },
    );
  };
  return (
    <Dialog open={open} onClose={close} title="Add external registry">
      <form onSubmit={submit} className="space-y-4" autoComplete="off">
        <Field label="Kind" hint={current?.hint}>
          <Select
            value={kind}
            onChange={(e) => {
              const k = e.target.value as ExternalRegistryKind;
              setKind(k);
              setHost(KINDS.find((x) => x.kind === k)?.host ?? "");
            }}
          >
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Name" error={fields.name}>
          <Input name="name" required maxLength={64} placeholder="e.g. hub-readonly" />
        </Field>
        <Field label="Host" error={fields.host} hint="Without https://, e.g. ghcr.io or registry.example.com:5000.">
          <Input value={host} onChange={(e) => setHost(e.target.value)} required />
        </Field>
        <Field label="Username" error={fields.username}>
          <Input name="username" required maxLength={256} autoComplete="off" />
        </Field>
        <Field label="Password or token" error={fields.password} hint="Stored encrypted; never shown again.">
          <Input name="password" type="password" required autoComplete="new-password" />
        </Field>
        {error && !Object.keys(fields).length && <Alert>{error.message}</Alert>}
        <FormActions submitLabel="Save credentials" busy={create.isPending} onCancel={close} />
      </form>
    </Dialog>
  );
}
