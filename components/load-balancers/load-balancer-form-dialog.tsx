"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input, Select } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useCreateLoadBalancer, useTestLoadBalancer, useUpdateLoadBalancer } from "@/lib/query/use-load-balancers";
import { LB_DRIVER_SPECS, type LbFieldSpec, type LoadBalancer } from "@/lib/schemas/load-balancers";

type Kind = LoadBalancer["driver"];
const KINDS = Object.keys(LB_DRIVER_SPECS) as Kind[];

/**
 * Creates a load balancer, or edits one (`editing`). The fields come from the driver's description
 * (LB_DRIVER_SPECS), so a new driver needs no form of its own. Credentials are write-only: on edit
 * an empty field keeps the stored value.
 */
export function LoadBalancerFormDialog({
  clusterId,
  open,
  editing,
  onClose,
}: {
  clusterId: string;
  open: boolean;
  editing: LoadBalancer | null;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={editing ? `Edit ${editing.name}` : "Create load balancer"}>
      {open && <LoadBalancerForm key={editing?.id ?? "new"} clusterId={clusterId} editing={editing} onClose={onClose} />}
    </Dialog>
  );
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));

function LoadBalancerForm({ clusterId, editing, onClose }: { clusterId: string; editing: LoadBalancer | null; onClose: () => void }) {
  const create = useCreateLoadBalancer(clusterId);
  const update = useUpdateLoadBalancer(clusterId);
  const test = useTestLoadBalancer();
  const [kind, setKind] = useState<Kind>(editing?.driver ?? "haproxy");
  const [routing, setRouting] = useState(editing?.routing ?? false);
  const spec = LB_DRIVER_SPECS[kind];
  const mutation = editing ? update : create;
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const fields = error?.fieldErrors() ?? {};
  const close = () => (create.reset(), update.reset(), test.reset(), onClose());

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const read = (list: LbFieldSpec[], prefix: string) =>
      Object.fromEntries(list.map((f) => [f.name, String(form.get(`${prefix}.${f.name}`) ?? "").trim()]));
    // An empty optional setting is unset (its default applies), not "".
    const settings = Object.fromEntries(
      Object.entries(read(spec.settings, "settings")).filter(([k, v]) => v !== "" || !spec.settings.find((f) => f.name === k)?.optional),
    );
    const credentials = Object.fromEntries(Object.entries(read(spec.credentials, "credentials")).filter(([, v]) => v !== ""));
    const name = String(form.get("name") ?? "").trim();
    const description = String(form.get("description") ?? "").trim();
    if (editing) {
      update.mutate(
        {
          id: editing.id,
          input: {
            ...(name !== editing.name ? { name } : {}),
            ...(description !== editing.description ? { description } : {}),
            settings,
            ...(Object.keys(credentials).length ? { credentials } : {}),
            ...(routing !== editing.routing ? { routing } : {}),
          },
        },
        { onSuccess: close },
      );
    } else {
      create.mutate(
        {
          name,
          driver: kind,
          description,
          settings,
          ...(Object.keys(credentials).length ? { credentials } : {}),
          routing: kind === "haproxy" && routing,
        },
        { onSuccess: close },
      );
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4" autoComplete="off" aria-label={editing ? `Edit ${editing.name}` : "Create load balancer"}>
      <Field label="Driver" hint={spec.description}>
        <Select value={kind} disabled={Boolean(editing)} onChange={(e) => (setKind(e.target.value as Kind), setRouting(false))}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {LB_DRIVER_SPECS[k].label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Name" error={fields.name} hint="What labels name: aliyun.lb.port_80: tcp://NAME:80">
        <Input
          name="name"
          defaultValue={editing?.name ?? ""}
          required
          maxLength={63}
          placeholder={kind === "haproxy" ? "edge" : "slbtest"}
        />
      </Field>
      <Field label="Description" error={fields.description}>
        <Input name="description" defaultValue={editing?.description ?? ""} maxLength={500} />
      </Field>
      {spec.settings.map((f) => (
        <Field key={f.name} label={`${f.label}${f.optional ? " (optional)" : ""}`} hint={f.help} error={fields[`settings.${f.name}`]}>
          <Input
            name={`settings.${f.name}`}
            defaultValue={text(editing?.settings[f.name])}
            placeholder={f.placeholder}
            required={!f.optional}
          />
        </Field>
      ))}
      {spec.credentials.map((f) => (
        <Field
          key={f.name}
          label={`${f.label}${f.optional ? " (optional)" : ""}`}
          error={fields[`credentials.${f.name}`]}
          hint={editing?.hasCredentials ? "Stored encrypted. Leave empty to keep the stored value." : f.help}
        >
          <Input name={`credentials.${f.name}`} type="password" autoComplete="new-password" required={!editing && !f.optional} />
        </Field>
      ))}
      {kind === "haproxy" && (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5" checked={routing} onChange={(e) => setRouting(e.target.checked)} />
          <span>
            <span className="font-medium">Routing tier</span>
            <span className="block text-xs text-slate-500">
              Serves this cluster&apos;s routing.port_* virtual hosts on ports 80 and 443. One per cluster.
            </span>
          </span>
        </label>
      )}
      {fields.routing && <p className="text-sm text-red-600 dark:text-red-400">{fields.routing}</p>}
      {error && <Alert>{error.message}</Alert>}
      {editing && (
        <div className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="secondary" size="sm" busy={test.isPending} onClick={() => test.mutate(editing.id)}>
              Test connection
            </Button>
            <span className="text-xs text-slate-500">Tests the saved settings and credentials; save first to test changes.</span>
          </div>
          {test.data && (
            <Alert tone={test.data.ok ? "success" : "error"} title={test.data.ok ? "Connected" : "Connection failed"}>
              {test.data.message}
            </Alert>
          )}
          {test.error && <Alert>{test.error.message}</Alert>}
        </div>
      )}
      <FormActions submitLabel={editing ? "Save changes" : "Create load balancer"} busy={mutation.isPending} onCancel={close} />
    </form>
  );
}
