"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { Select } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { keys } from "@/lib/query/keys";
import { useCreateJoinToken, useNodes } from "@/lib/query/use-clusters";
import type { CreatedJoinToken } from "@/lib/schemas/clusters";

const VARIANTS = [
  { key: "script", label: "Install script", hint: "Installs the agent as a service (systemd when present). Needs curl and root." },
  { key: "docker", label: "Docker", hint: "Runs the agent as a container next to the engine it drives." },
  { key: "node", label: "Node.js", hint: "Runs the agent directly with Node.js 18+ (in the foreground)." },
] as const;

/** Creates a join token and shows the one-line commands that use it (the token is shown once). */
export function AddMachineDialog({ clusterId, open, onClose }: { clusterId: string; open: boolean; onClose: () => void }) {
  const create = useCreateJoinToken(clusterId);
  const nodes = useNodes(clusterId);
  const [created, setCreated] = useState<{ token: CreatedJoinToken; nodesBefore: number } | null>(null);
  const [variant, setVariant] = useState<(typeof VARIANTS)[number]["key"]>("script");
  const client = useQueryClient();
  const close = () => {
    setCreated(null);
    create.reset();
    void client.invalidateQueries({ queryKey: keys.joinTokens(clusterId) }); // use counts changed
    onClose();
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const uses = form.get("uses");
    create.mutate(
      {
        role: form.get("role") as "WORKER" | "MANAGER",
        expiresInHours: Number(form.get("expires")),
        maxUses: uses === "any" ? null : Number(uses),
      },
      { onSuccess: (token) => setCreated({ token, nodesBefore: nodes.data?.items.length ?? 0 }) },
    );
  };
  const joined = created ? (nodes.data?.items.length ?? 0) - created.nodesBefore : 0;
  const current = VARIANTS.find((v) => v.key === variant) ?? VARIANTS[0];
  return (
    <Dialog open={open} onClose={close} title="Add a machine">
      {!created ? (
        <form onSubmit={submit} className="space-y-4">
          <p className="text-slate-600 dark:text-slate-300">
            The agent connects out to Wharf over one WebSocket; the machine needs Docker Engine and no open inbound port.
          </p>
          <Field label="Joins as" hint="The first machine of a cluster initialises its swarm and always becomes a manager.">
            <Select name="role" defaultValue="WORKER">
              <option value="WORKER">worker</option>
              <option value="MANAGER">manager</option>
            </Select>
          </Field>
          <Field
            label="Machines"
            hint="A single-use command is spent once one machine has joined with it; a multi-use one works for any number of machines until it expires."
          >
            <Select name="uses" defaultValue="1">
              <option value="1">one machine (single use)</option>
              <option value="5">up to 5 machines</option>
              <option value="any">any number of machines (multi-use)</option>
            </Select>
          </Field>
          <Field label="The command works for">
            <Select name="expires" defaultValue="1">
              <option value="1">1 hour</option>
              <option value="24">24 hours</option>
              <option value="168">7 days</option>
            </Select>
          </Field>
          {create.error && <Alert>{create.error.message}</Alert>}
          <FormActions submitLabel="Create install command" busy={create.isPending} onCancel={close} />
        </form>
      ) : (
        <div className="space-y-4">
          <div role="tablist" aria-label="Install method" className="flex gap-1 border-b border-slate-200 dark:border-slate-700">
            {VARIANTS.map((v) => (
              <button
                key={v.key}
                role="tab"
                type="button"
                aria-selected={variant === v.key}
                onClick={() => setVariant(v.key)}
                className={cn(
                  "-mb-px border-b-2 px-3 py-1.5 text-sm",
                  variant === v.key ? "border-brand-600 font-medium" : "border-transparent text-slate-500",
                )}
              >
                {v.label}
              </button>
            ))}
          </div>
          <p className="text-xs text-slate-500">{current.hint}</p>
          <CopyField
            value={created.token.commands[variant]}
            wrap
            testId={`install-${variant}`}
            className="items-start"
            codeClassName="p-2 font-mono"
          />
          <Alert tone="warning">
            The command contains a secret join token and is shown only now. It works for{" "}
            {created.token.maxUses === null
              ? "any number of machines"
              : created.token.maxUses === 1
                ? "one machine"
                : `up to ${created.token.maxUses} machines`}{" "}
            until {new Date(created.token.expiresAt).toLocaleString()}.
          </Alert>
          <p role="status" className="text-sm">
            {joined > 0 ? `✓ ${joined} machine${joined === 1 ? "" : "s"} joined.` : "Waiting for a machine to connect…"}
          </p>
          <div className="flex justify-end">
            <Button onClick={close}>Done</Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
