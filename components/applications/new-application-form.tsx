"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/query/api";
import { useCreateApplication, usePreviewNew } from "@/lib/query/use-applications";
import { useClusters } from "@/lib/query/use-clusters";
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
      <p className="mb-2 text-sm">
        <Link href="/applications" className="text-brand-600 hover:underline">
          ← Applications
        </Link>
      </p>
      <PageHeader title="New application" description="Upload a compose file; preview what it creates; deploy." />
      <form onSubmit={onPreview} className="space-y-6">
        <Card>
          <CardHeader title="Application" />
          <div className="grid gap-4 p-5 sm:grid-cols-2">
            <Field label="Name" error={fields.name} hint="Services are named <name>_<service> in the swarm.">
              <Input value={name} onChange={(e) => edit(setName)(e.target.value.toLowerCase())} required maxLength={32} autoFocus />
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
            <ComposeEditor value={compose} onChange={edit(setCompose)} issues={issues} />
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
        <div className="flex gap-2">
          <Button type="submit" variant={plan ? "secondary" : "primary"} busy={preview.isPending}>
            Preview
          </Button>
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
