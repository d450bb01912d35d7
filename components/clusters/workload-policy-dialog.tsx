"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Input } from "@/components/ui/input";
import { ApiError } from "@/lib/query/api";
import { useUpdateWorkloadPolicy } from "@/lib/query/use-clusters";
import {
  newlyAllowed,
  POLICY_RULES,
  updateWorkloadPolicySchema,
  type Cluster,
  type PolicyRule,
  type WorkloadPolicy,
} from "@/lib/schemas/clusters";

type ListRule = "bindMountPaths" | "capabilities" | "sysctls";
type Draft = Record<ListRule, string> & Omit<WorkloadPolicy, ListRule>;

const LISTS: { rule: ListRule; placeholder: string; hint: string }[] = [
  {
    rule: "bindMountPaths",
    placeholder: "/srv/data, /mnt/shared",
    hint: "Absolute host paths, comma-separated; each allows itself and what is below it. Empty: no bind mounts.",
  },
  {
    rule: "capabilities",
    placeholder: "NET_ADMIN, SYS_TIME",
    hint: "Capability names for cap_add, comma-separated (ALL allows every one). Empty: none.",
  },
  {
    rule: "sysctls",
    placeholder: "net.core.somaxconn, net.ipv4",
    hint: "Sysctl name prefixes, comma-separated (* allows every one). Empty: none.",
  },
];
const FLAGS = POLICY_RULES.filter(({ rule }) => !LISTS.some((l) => l.rule === rule));
const label = (rule: PolicyRule) => POLICY_RULES.find((r) => r.rule === rule)?.label ?? rule;
const split = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

function toDraft(policy: WorkloadPolicy): Draft {
  return {
    ...policy,
    bindMountPaths: policy.bindMountPaths.join(", "),
    capabilities: policy.capabilities.join(", "),
    sysctls: policy.sysctls.join(", "),
  };
}

/** Field errors by rule, from zod issues ("bindMountPaths.1") or the server's details ("body.bindMountPaths.1"). */
function errorsByRule(issues: { path: string; message: string }[]): Partial<Record<PolicyRule, string>> {
  const out: Partial<Record<PolicyRule, string>> = {};
  for (const issue of issues) {
    const rule = issue.path.replace(/^body\./, "").split(".")[0] as PolicyRule;
    out[rule] ??= issue.message;
  }
  return out;
}

/**
 * Edits a cluster's workload policy (owners only). A change that allows anything new asks for a
 * second confirmation naming what becomes allowed: it gives the cluster's developers host access.
 */
export function WorkloadPolicyDialog({ cluster, open, onClose }: { cluster: Cluster; open: boolean; onClose: () => void }) {
  const update = useUpdateWorkloadPolicy(cluster.id);
  // The card mounts this dialog for each edit: the draft starts from the policy as it is now.
  const [draft, setDraft] = useState<Draft>(() => toDraft(cluster.workloadPolicy));
  const [invalid, setInvalid] = useState<Partial<Record<PolicyRule, string>>>({});
  const [pending, setPending] = useState<{ policy: WorkloadPolicy; relaxed: PolicyRule[] } | null>(null);
  const serverError = update.error instanceof ApiError ? update.error : null;
  const fieldErrors = {
    ...errorsByRule(Array.isArray(serverError?.details) ? (serverError.details as { path: string; message: string }[]) : []),
    ...invalid,
  };

  const close = () => {
    update.reset();
    onClose();
  };
  const save = (policy: WorkloadPolicy) => update.mutate(policy, { onSuccess: close });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = updateWorkloadPolicySchema.safeParse({
      ...draft,
      bindMountPaths: split(draft.bindMountPaths),
      capabilities: split(draft.capabilities),
      sysctls: split(draft.sysctls),
    });
    if (!parsed.success) {
      setInvalid(errorsByRule(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))));
      return;
    }
    setInvalid({});
    const relaxed = newlyAllowed(cluster.workloadPolicy, parsed.data);
    if (relaxed.length > 0) setPending({ policy: parsed.data, relaxed });
    else save(parsed.data);
  };

  if (pending) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title={`Relax the policy of ${cluster.name}?`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setPending(null)} disabled={update.isPending} autoFocus>
              Back
            </Button>
            <Button variant="danger" onClick={() => save(pending.policy)} busy={update.isPending}>
              Relax policy
            </Button>
          </>
        }
      >
        <p>Every developer who deploys to this cluster will be able to use, on its machines:</p>
        <ul className="list-disc space-y-1 pl-5" aria-label="Newly allowed">
          {pending.relaxed.map((rule) => (
            <li key={rule}>{label(rule)}</li>
          ))}
        </ul>
        <p className="text-slate-600 dark:text-slate-400">
          Host access such as the Docker socket or privileged containers is root on those machines. The change is recorded in the audit log.
        </p>
        {serverError && <Alert>{serverError.message}</Alert>}
      </Dialog>
    );
  }
  return (
    <Dialog open={open} onClose={close} title={`Workload policy of ${cluster.name}`}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {LISTS.map(({ rule, placeholder, hint }, index) => (
          <Field key={rule} label={label(rule)} hint={hint} error={fieldErrors[rule]}>
            <Input
              value={draft[rule]}
              placeholder={placeholder}
              autoFocus={index === 0}
              onChange={(e) => setDraft((d) => ({ ...d, [rule]: e.target.value }))}
            />
          </Field>
        ))}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Allowed on the machines</legend>
          {FLAGS.map(({ rule, label: text, description }) => (
            <label key={rule} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-1"
                checked={draft[rule] as boolean}
                onChange={(e) => setDraft((d) => ({ ...d, [rule]: e.target.checked }))}
              />
              <span>
                <span className="font-medium">{text}</span>
                <span className="block text-xs text-slate-500 dark:text-slate-400">{description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {serverError && Object.keys(fieldErrors).length === 0 && <Alert>{serverError.message}</Alert>}
        <FormActions submitLabel="Save policy" busy={update.isPending} onCancel={close} />
      </form>
    </Dialog>
  );
}
