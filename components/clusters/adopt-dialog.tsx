"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAdopt, useAdoptionPreview } from "@/lib/query/use-adoption";
import type { ForeignGroup } from "@/lib/schemas/adoption";
import { appNameSchema } from "@/lib/schemas/applications";
import { AdoptionPlanView } from "./adoption-plan";

const PREVIEW_DELAY_MS = 400;

/** A group's name made a valid application name: lowercase letters, digits and single hyphens, at most 32. */
export function appNameFor(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  return base || "adopted";
}

/** The value, once it has not changed for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Adopts a stack or a lone service as an application: its name, the preview of what adopting
 * would change (asked again a moment after the name changes), and Adopt, only when nothing restarts.
 */
export function AdoptDialog({ clusterId, group, onClose }: { clusterId: string; group: ForeignGroup; onClose: () => void }) {
  const router = useRouter();
  const [appName, setAppName] = useState(() => appNameFor(group.name));
  const settledName = useSettled(appName.trim(), PREVIEW_DELAY_MS);
  const valid = appNameSchema.safeParse(settledName).success;
  const preview = useAdoptionPreview(clusterId, valid ? { kind: group.kind, name: group.name, appName: settledName } : null);
  const adopt = useAdopt(clusterId);
  const nameError = appNameSchema.safeParse(appName).error?.issues[0]?.message;
  const plan = preview.data;
  const current = plan !== undefined && plan.appName === appName.trim() && !preview.isFetching;
  const checking = !nameError && (settledName !== appName.trim() || preview.isFetching);

  const close = () => {
    adopt.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!current || !plan.adoptable || adopt.isPending) return;
    adopt.mutate(
      { kind: group.kind, name: group.name, appName: appName.trim() },
      { onSuccess: (created) => router.push(`/applications/${created.application.id}`) },
    );
  };

  return (
    <Dialog open wide onClose={close} title={`Adopt the ${group.kind} ${group.name}`}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <p className="text-slate-600 dark:text-slate-400">
          It becomes an application whose template Wharf writes from {group.services.length === 1 ? "the service" : "its services"} as{" "}
          {group.services.length === 1 ? "it runs" : "they run"}. Its containers keep running.
        </p>
        <Field label="Application name" hint="Lowercase letters, digits and hyphens, at most 32." error={nameError && `Name ${nameError}`}>
          <Input value={appName} autoFocus onChange={(e) => (adopt.reset(), setAppName(e.target.value))} />
        </Field>
        {checking && (
          <p className="text-slate-500" role="status">
            Checking what adopting would change…
          </p>
        )}
        {!nameError && preview.error && !checking && (
          <Alert title="The preview failed">
            {preview.error.message}{" "}
            <button type="button" className="underline" onClick={() => void preview.refetch()}>
              Try again
            </button>
          </Alert>
        )}
        {!nameError && plan && current && <AdoptionPlanView plan={plan} />}
        {adopt.error && <Alert title="Not adopted">{adopt.error.message}</Alert>}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close} disabled={adopt.isPending}>
            Cancel
          </Button>
          <Button type="submit" busy={adopt.isPending} disabled={!current || !plan.adoptable}>
            {adopt.isPending ? "Adopting…" : "Adopt"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
