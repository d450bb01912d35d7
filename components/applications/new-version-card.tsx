"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { fetchVersion, useAppVersions, useCreateVersion, usePreviewVersion } from "@/lib/query/use-applications";
import { ComposeEditor } from "./compose-editor";
import { PlanView } from "./plan-view";
import { usePlannedDeploy } from "./use-planned-deploy";

/** Upload a new version: edit the current template, preview the changes, deploy. */
export function NewVersionCard({ appId }: { appId: string }) {
  const { data: versions } = useAppVersions(appId);
  const preview = usePreviewVersion(appId);
  const create = useCreateVersion(appId);
  const [open, setOpen] = useState(false);
  const [compose, setCompose] = useState("");
  const [message, setMessage] = useState("");
  const { plan, clearPlan, error, issues, runPreview, edited } = usePlannedDeploy(preview, create);
  const start = async () => {
    const current = versions?.items.find((v) => v.current);
    setCompose(current ? (await fetchVersion(appId, current.id)).compose : "");
    clearPlan();
    setOpen(true);
  };
  if (!open) {
    return (
      <Card>
        <CardHeader title="Update the template" description="Each update is a new version, deployed with a rolling update." actions={<Button onClick={() => void start()}>New version</Button>} />
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader title="New version" actions={<Button variant="ghost" size="sm" onClick={() => setOpen(false)}>Cancel</Button>} />
      <div className="space-y-4 p-5">
        <ComposeEditor id="new-version-compose" value={compose} onChange={edited(setCompose)} issues={issues} />
        <Field label="What changed"><Input value={message} onChange={(e) => setMessage(e.target.value)} maxLength={200} placeholder="e.g. web 1.4.2" /></Field>
        {error && <Alert>{error.message}</Alert>}
        <div className="flex gap-2">
          <Button variant={plan ? "secondary" : "primary"} busy={preview.isPending} onClick={() => runPreview({ compose, message })}>Preview changes</Button>
          {plan && <Button busy={create.isPending} onClick={() => create.mutate({ compose, message }, { onSuccess: () => (setOpen(false), clearPlan()) })}>Deploy new version</Button>}
        </div>
        {plan && <PlanView plan={plan} />}
      </div>
    </Card>
  );
}
