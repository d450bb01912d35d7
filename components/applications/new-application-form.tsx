"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { SaveTemplateDialog } from "@/components/templates/save-template-dialog";
import { TemplateGallery } from "@/components/templates/template-gallery";
import { TemplateVariablesDialog } from "@/components/templates/template-variables-dialog";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/query/api";
import { useCan } from "@/lib/query/use-account";
import { useCreateApplication, usePreviewNew } from "@/lib/query/use-applications";
import { useClusters } from "@/lib/query/use-clusters";
import type { Template } from "@/lib/schemas/templates";
import { ComposeEditor } from "./compose-editor";
import { EnvEditor, rowsToEnv, type EnvRow } from "./env-editor";
import { PlanView } from "./plan-view";
import { usePlannedDeploy } from "./use-planned-deploy";

export function NewApplicationForm() {
  const router = useRouter();
  const clusters = useClusters();
  const preview = usePreviewNew();
  const create = useCreateApplication();
  const [name, setName] = useState("");
  const [clusterId, setClusterId] = useState("");
  const [compose, setCompose] = useState("");
  const [env, setEnv] = useState<EnvRow[]>([]);
  const { plan, error, issues, runPreview, edited: edit } = usePlannedDeploy(preview, create);
  const manage = useCan("apps.manage");
  const nameRef = useRef<HTMLInputElement>(null);
  // The template being asked about, the one the form was last filled from, and the save dialog.
  const [picked, setPicked] = useState<Template | null>(null);
  const [origin, setOrigin] = useState<Template | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const applyTemplate = (t: Template, values: Record<string, string>) => {
    edit(setCompose)(t.compose);
    setEnv(Object.entries(values).map(([key, value]) => ({ key, value })));
    if (!name) setName(t.suggestedAppName);
    setOrigin(t);
    setSaved(null);
    setPicked(null);
    create.reset();
    preview.reset();
    nameRef.current?.focus();
  };
  const cluster = clusterId || clusters.data?.items[0]?.id || "";
  const input = () => ({ name, clusterId: cluster, compose, env: rowsToEnv(env) });
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const onPreview = (e: FormEvent) => {
    e.preventDefault();
    create.reset();
    runPreview(input());
  };
  return (
    <>
      <BackLink href="/applications" label="Applications" />
      <PageHeader title="New application" description="Start from a template or upload a compose file; preview what it creates; deploy." />
      <div className="mb-6">
        <TemplateGallery onUse={setPicked} />
      </div>
      <TemplateVariablesDialog template={picked} onApply={applyTemplate} onClose={() => setPicked(null)} />
      <SaveTemplateDialog
        open={saving}
        onClose={() => setSaving(false)}
        onSaved={(t) => (setSaving(false), setSaved(t.name))}
        compose={compose}
        env={rowsToEnv(env)}
        origin={origin}
      />
      <form onSubmit={onPreview} className="space-y-6">
        {origin && (
          <Alert tone="info" title={`Started from the template “${origin.name}”`}>
            Its answers are under Environment variables. Change anything you like, then preview.
          </Alert>
        )}
        <Card>
          <CardHeader title="Application" />
          <div className="grid gap-4 p-5 sm:grid-cols-2">
            <Field label="Name" error={fields.name} hint="Services are named <name>_<service> in the swarm.">
              <Input ref={nameRef} value={name} onChange={(e) => edit(setName)(e.target.value.toLowerCase())} required maxLength={32} />
            </Field>
            <Field
              label="Cluster"
              error={fields.clusterId}
              hint={clusters.data?.items.length === 0 ? "Create a cluster first." : undefined}
            >
              <Select value={cluster} onChange={(e) => edit(setClusterId)(e.target.value)} required>
                {clusters.data?.items.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.nodeCounts.READY} ready)
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </Card>
        <Card>
          <CardHeader title="Compose file" description="Compose v1, v2.x or v3.x. Variables: ${VAR}, ${VAR:-default}, ${VAR:?error}." />
          <div className="p-5">
            <ComposeEditor
              value={compose}
              onChange={edit(setCompose)}
              issues={issues}
              liveCheck={{ draft: { name, clusterId: cluster, env: rowsToEnv(env) } }}
            />
          </div>
        </Card>
        <Card>
          <CardHeader title="Environment variables" description="Used for interpolation and env-backed secrets. Stored encrypted." />
          <div className="p-5">
            <EnvEditor rows={env} onChange={edit(setEnv)} />
          </div>
        </Card>
        {error && issues.length === 0 && <Alert>{error.message}</Alert>}
        {error && issues.length > 0 && <Alert title="The compose file cannot be deployed">{error.message}</Alert>}
        {saved && <Alert tone="success">Saved the template “{saved}”: it is in the gallery above for everyone in your organisation.</Alert>}
        <div className="flex gap-2">
          <Button type="submit" variant={plan ? "secondary" : "primary"} busy={preview.isPending}>
            Preview
          </Button>
          {manage && (
            <Button variant="ghost" onClick={() => setSaving(true)}>
              Save as template
            </Button>
          )}
        </div>
      </form>
      {plan && (
        <Card className="mt-6">
          <CardHeader
            title="Preview"
            description="Nothing has changed yet."
            actions={
              <Button
                busy={create.isPending}
                onClick={() => create.mutate(input(), { onSuccess: (r) => router.push(`/applications/${r.application.id}`) })}
              >
                Deploy
              </Button>
            }
          />
          <div className="p-5">
            <PlanView plan={plan} />
          </div>
        </Card>
      )}
    </>
  );
}
