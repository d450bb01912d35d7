"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatBytes } from "@/lib/format";
import { useInstallation, useInstallationOrganizations, useIsOperator } from "@/lib/query/use-installation";
import { useRegistryOverview, useRequestGc } from "@/lib/query/use-registry";
import type { InstallationOrganization } from "@/lib/schemas/installation";
import { EditQuotasDialog } from "./edit-quotas-dialog";
import { formatQuota, QUOTA_KINDS, QUOTA_LABELS, QuotaMeter } from "./quota-meter";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm">{children}</dd>
    </div>
  );
}

function InstallationFacts() {
  const { data, error } = useInstallation();
  if (error) return <Alert>{error.message}</Alert>;
  if (!data) return <Card className="p-5 text-sm text-slate-500">Loading…</Card>;
  const r = data.retention;
  return (
    <Card>
      <CardHeader
        title="Installation"
        description="Settings from the environment (README “Configuration”); they apply to every organisation."
      />
      <dl className="grid gap-5 p-5 sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="Organisations · accounts">
          {data.organizations} · {data.users}
        </Fact>
        <Fact label="E-mail verification">
          {data.emailVerification ? <Badge tone="green">on (SMTP configured)</Badge> : <Badge>off (no SMTP_URL)</Badge>}
        </Fact>
        <Fact label="Default quotas">
          {QUOTA_KINDS.map((k) => `${formatQuota(k, data.defaults[k])} ${QUOTA_LABELS[k].toLowerCase()}`).join(" · ")}
        </Fact>
        <Fact label="History kept">
          commands {r.commandDays} d · events {r.eventDays} d · deployments {r.deploymentDays} d (newest {r.deploymentsKeptPerApp} always) ·
          audit {r.auditDays} d
        </Fact>
      </dl>
    </Card>
  );
}

function GarbageCollection() {
  const { data } = useRegistryOverview();
  const gc = useRequestGc();
  return (
    <Card>
      <CardHeader
        title="Registry garbage collection"
        description="Frees the storage of image layers no tag references any more, in every organisation. Pushes pause for a few seconds while it runs; it also runs on a schedule (REGISTRY_GC_EVERY_HOURS)."
        actions={
          <Button variant="secondary" busy={gc.isPending} onClick={() => gc.mutate(undefined)}>
            Run garbage collection
          </Button>
        }
      />
      <div className="space-y-2 p-5 text-sm text-slate-600 dark:text-slate-300">
        <p>
          {data?.gc.lastRunAt ? (
            <>
              Last run <TimeAgo iso={data.gc.lastRunAt} /> · {data.gc.lastStatus?.toLowerCase()}
              {data.gc.lastFreedBytes !== null && <> · freed {formatBytes(data.gc.lastFreedBytes)}</>}
            </>
          ) : (
            "Not run yet."
          )}
        </p>
        {gc.isSuccess && <Alert tone="success">Queued. It starts within a few seconds.</Alert>}
        {gc.error && <Alert>{gc.error.message}</Alert>}
      </div>
    </Card>
  );
}

function Organizations() {
  const { data: installation } = useInstallation();
  const query = useInstallationOrganizations();
  const [editing, setEditing] = useState<InstallationOrganization | null>(null);
  return (
    <ListCard
      title="Organisations"
      description="Usage against quotas. Registry storage counts compressed layers, shared layers once."
      query={query}
      empty={{ title: "No organisations yet", body: "Organisations appear here when people sign up." }}
      columns={["Organisation", ...QUOTA_KINDS.map((k) => QUOTA_LABELS[k])]}
      rows={(organizations) =>
        organizations.map((org) => (
          <Tr key={org.id} data-testid={`installation-org-${org.slug}`}>
            <Td className="min-w-48 max-w-64 whitespace-normal">
              <p className="font-medium">{org.name}</p>
              <p className="break-all text-xs text-slate-500">{org.owners.join(", ") || "no owner"}</p>
              <p className="text-xs text-slate-500">
                {org.slug} · {org.members} member{org.members === 1 ? "" : "s"}
              </p>
            </Td>
            {QUOTA_KINDS.map((k) => (
              <Td key={k}>
                <QuotaMeter kind={k} figure={org.quotas[k]} compact />
                {org.quotas[k].custom && <span className="text-xs text-slate-500">set by an operator</span>}
              </Td>
            ))}
            <Td className="text-right">
              <Button size="sm" variant="secondary" onClick={() => setEditing(org)} aria-label={`Edit quotas of ${org.name}`}>
                Edit quotas
              </Button>
            </Td>
          </Tr>
        ))
      }
    >
      {query.data?.nextCursor && <p className="px-5 py-3 text-xs text-slate-500">Showing the oldest 200 organisations.</p>}
      <EditQuotasDialog org={editing} defaults={installation?.defaults} onClose={() => setEditing(null)} />
    </ListCard>
  );
}

/** Settings → Installation: only installation operators see it (the API refuses everyone else). */
export function InstallationSettings() {
  const operator = useIsOperator();
  if (!operator) {
    return (
      <Alert tone="info">
        Only installation operators see this page: the installation’s first account and the addresses in WHARF_OPERATOR_EMAILS.
      </Alert>
    );
  }
  return (
    <div className="space-y-6">
      <InstallationFacts />
      <GarbageCollection />
      <Organizations />
    </div>
  );
}
