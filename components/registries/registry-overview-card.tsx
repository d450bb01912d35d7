"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatBytes } from "@/lib/format";
import { useCan } from "@/lib/query/use-account";
import { useIsOperator, useOrganizationQuotas } from "@/lib/query/use-installation";
import { useRegistryOverview, useRequestGc } from "@/lib/query/use-registry";

function Command({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <CopyField value={value} title={value} className="mt-1" />
    </div>
  );
}

/** Where to log in and push, storage used, and garbage collection. */
export function RegistryOverviewCard() {
  const { data, error } = useRegistryOverview();
  const operator = useIsOperator();
  const seesQuota = useCan("quotas.read");
  const { data: quotas } = useOrganizationQuotas(seesQuota);
  const gc = useRequestGc();
  const [asked, setAsked] = useState(false);
  if (error) return <Alert>{error.message}</Alert>;
  if (!data) return <Card className="p-5 text-sm text-slate-500">Loading…</Card>;
  const example = `${data.host}/${data.namespace}/my-app:1.0`;
  return (
    <Card className="grid gap-6 p-5 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="min-w-0 space-y-3">
        <div className="flex items-center gap-2">
          <h2 className="text-base font-semibold">Hosted registry</h2>
          {data.reachable ? <Badge tone="green">online</Badge> : <Badge tone="red">unreachable</Badge>}
        </div>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Log in with your e-mail and password, or with the username <code>token</code> and an API token as the password. Images live under{" "}
          <code>
            {data.host}/{data.namespace}/
          </code>
          .
        </p>
        <Command label="Log in" value={`docker login ${data.host}`} />
        <Command label="Push" value={`docker tag my-app:1.0 ${example} && docker push ${example}`} />
      </div>
      <div className="min-w-0 space-y-3 text-sm md:border-l md:border-slate-200 md:pl-6 md:dark:border-slate-800">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Storage used</p>
          <p className="mt-1 text-2xl font-semibold" data-testid="registry-usage">
            {data.usage ? formatBytes(data.usage.bytes) : "—"}
          </p>
          {data.usage && (
            <p className="text-xs text-slate-500">
              {data.usage.repositories} repositories · {data.usage.tags} tags (compressed, shared layers counted once)
            </p>
          )}
          {quotas && (
            <p className="text-xs text-slate-500" data-testid="registry-quota">
              Quota {formatBytes(quotas.quotas.registryBytes.limit)}
              {quotas.quotas.registryBytes.used !== null && quotas.quotas.registryBytes.used >= quotas.quotas.registryBytes.limit && (
                <span className="font-medium text-red-600">
                  {" "}
                  · reached: pushes are refused until tags are deleted or an operator raises it
                </span>
              )}
            </p>
          )}
        </div>
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Garbage collection</p>
          <p className="mt-1 text-slate-600 dark:text-slate-300">
            {data.gc.lastRunAt ? (
              <>
                Last run <TimeAgo iso={data.gc.lastRunAt} /> · {data.gc.lastStatus?.toLowerCase()}
                {data.gc.lastFreedBytes !== null && <> · freed {formatBytes(data.gc.lastFreedBytes)}</>}
              </>
            ) : (
              "Not run yet"
            )}
          </p>
          {/* Installation-wide (every organisation's layers): installation operators only. */}
          <Button
            className="mt-2 disabled:opacity-50"
            size="sm"
            variant="secondary"
            busy={gc.isPending}
            disabled={!operator}
            aria-describedby={operator ? undefined : "gc-operators-only"}
            onClick={() => gc.mutate(undefined, { onSuccess: () => setAsked(true) })}
          >
            Run garbage collection
          </Button>
          {!operator && (
            <p id="gc-operators-only" className="mt-1 text-xs text-slate-500">
              It frees space for every organisation at once, so only an installation operator can start it. It also runs on a schedule.
            </p>
          )}
          {asked && <p className="mt-1 text-xs text-slate-500">Queued. Pushes pause for a few seconds while it runs.</p>}
          {gc.error && <p className="mt-1 text-xs text-red-600">{gc.error.message}</p>}
        </div>
      </div>
    </Card>
  );
}
