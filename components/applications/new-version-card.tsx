"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  initialStrategyDraft,
  ReleaseStrategyFields,
  releaseOptionsOf,
  type StrategyChoice,
} from "@/components/releases/release-strategy-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { fetchVersion, useAppVersions, useCreateVersion, usePreviewVersion } from "@/lib/query/use-applications";
import { useCreateRelease } from "@/lib/query/use-releases";
import { ComposeEditor } from "./compose-editor";
import { PlanView } from "./plan-view";
import { usePlannedDeploy } from "./use-planned-deploy";

const SUBMIT_LABEL: Record<StrategyChoice, string> = {
  deploy: "Deploy new version",
  rolling: "Start rolling release",
  "blue-green": "Start blue-green release",
  canary: "Start canary release",
};

/**
 * A plain upload whose template declares a strategy (`wharf.release.strategy`) is released with it:
 * the answer then names the release, whose page is where to follow it.
 */
function startedRelease(result: unknown): string | null {
  const release = (result as { release?: { id?: unknown } | null }).release;
  return typeof release?.id === "string" ? release.id : null;
}

/**
 * Upload a new version: edit the current template, preview the changes, then deploy it (rolling
 * update) or release it through the load balancer (rolling, blue-green, canary), which opens the
 * release's page.
 */
export function NewVersionCard({ appId }: { appId: string }) {
  const router = useRouter();
  const { data: versions } = useAppVersions(appId);
  const preview = usePreviewVersion(appId);
  const create = useCreateVersion(appId);
  const release = useCreateRelease(appId);
  const [open, setOpen] = useState(false);
  const [compose, setCompose] = useState("");
  const [message, setMessage] = useState("");
  const [strategy, setStrategy] = useState(initialStrategyDraft);
  const { plan, clearPlan, error, issues, runPreview, edited } = usePlannedDeploy(preview, { error: create.error ?? release.error });
  const { options, errors } = releaseOptionsOf(strategy);
  const start = async () => {
    const current = versions?.items.find((v) => v.current);
    setCompose(current ? (await fetchVersion(appId, current.id)).compose : "");
    clearPlan();
    create.reset();
    release.reset();
    setStrategy(initialStrategyDraft());
    setOpen(true);
  };
  const submit = () => {
    if (strategy.choice !== "deploy") {
      return release.mutate({ compose, message, release: options }, { onSuccess: ({ release: r }) => router.push(`/releases/${r.id}`) });
    }
    create.mutate(
      { compose, message },
      {
        onSuccess: (result) => {
          const releaseId = startedRelease(result);
          if (releaseId) return router.push(`/releases/${releaseId}`);
          setOpen(false);
          clearPlan();
        },
      },
    );
  };
  // The form starts from the current version's template, so it opens once the versions are known.
  if (!open) {
    return (
      <Card>
        <CardHeader
          title="Update the template"
          description="Each update is a new version: deployed with a rolling update, or released through the load balancer (blue-green, canary)."
          actions={
            <Button disabled={!versions} onClick={() => void start()}>
              New version
            </Button>
          }
        />
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader
        title="New version"
        actions={
          <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        }
      />
      <div className="space-y-4 p-5">
        <ComposeEditor
          id="new-version-compose"
          value={compose}
          onChange={edited(setCompose)}
          issues={issues}
          liveCheck={{ applicationId: appId }}
        />
        <Field label="What changed">
          <Input value={message} onChange={(e) => setMessage(e.target.value)} maxLength={200} placeholder="e.g. web 1.4.2" />
        </Field>
        <ReleaseStrategyFields draft={strategy} onChange={setStrategy} errors={errors} />
        {error && <Alert>{error.message}</Alert>}
        <div className="flex gap-2">
          <Button variant={plan ? "secondary" : "primary"} busy={preview.isPending} onClick={() => runPreview({ compose, message })}>
            Preview changes
          </Button>
          {plan && (
            <Button busy={create.isPending || release.isPending} disabled={Object.keys(errors).length > 0} onClick={submit}>
              {SUBMIT_LABEL[strategy.choice]}
            </Button>
          )}
        </div>
        {plan && <PlanView plan={plan} />}
      </div>
    </Card>
  );
}
