"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActiveReleaseBanner, ApplicationReleases } from "@/components/releases/application-releases";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { cn } from "@/lib/cn";
import { useCan } from "@/lib/query/use-account";
import { useAppAction, useApplication, useDeleteApplication } from "@/lib/query/use-applications";
import { AppStatusBadge } from "./app-status-badge";
import { DeploymentsPanel } from "./deployments-panel";
import { EventsPanel } from "./events-panel";
import { JobsPanel } from "./jobs-panel";
import { LiveReportAlert } from "./live-report-alert";
import { LogsPanel } from "./logs-panel";
import { ServicesPanel } from "./services-panel";
import { TrafficCard } from "./traffic-card";
import { VersionsPanel } from "./versions-panel";

const TABS = ["services", "jobs", "logs", "events", "versions", "deployments", "releases"] as const;
type Tab = (typeof TABS)[number];

export function ApplicationDetail({ applicationId }: { applicationId: string }) {
  const router = useRouter();
  const { data: app, error } = useApplication(applicationId);
  const manage = useCan("apps.manage");
  const action = useAppAction(applicationId);
  const remove = useDeleteApplication(applicationId);
  const [tab, setTab] = useState<Tab>("services");
  const [logService, setLogService] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<"delete" | "stop" | null>(null);
  if (error) return <Alert title="Application not available">{error.message}</Alert>;
  if (!app) return <p className="text-sm text-slate-500">Loading…</p>;
  const busy = app.status === "DEPLOYING" || app.status === "DELETING";
  return (
    <>
      <BackLink href="/applications" label="Applications" />
      <PageHeader
        title={app.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <AppStatusBadge status={app.status} /> on {app.clusterName} · v{app.currentVersion}
            {app.deployedVersion && app.deployedVersion !== app.currentVersion ? ` (running v${app.deployedVersion})` : ""}
          </span>
        }
        actions={
          manage && app.status !== "DELETED" ? (
            <div className="flex flex-wrap gap-2">
              {app.desiredState === "STOPPED" ? (
                <Button variant="secondary" disabled={busy} onClick={() => action.mutate("start")}>
                  Start
                </Button>
              ) : (
                <Button variant="secondary" disabled={busy} onClick={() => setConfirm("stop")}>
                  Stop
                </Button>
              )}
              <Button variant="secondary" disabled={busy} onClick={() => action.mutate("restart")}>
                Restart
              </Button>
              <Button
                variant="secondary"
                disabled={busy}
                onClick={() => action.mutate("redeploy")}
                title="Pull the latest image of every tag and restart"
              >
                Redeploy
              </Button>
              <Button variant="danger" disabled={app.status === "DELETING"} onClick={() => setConfirm("delete")}>
                Delete
              </Button>
            </div>
          ) : undefined
        }
      />
      {app.lastError && (
        <div className="mb-4">
          <Alert title="Last deployment failed">{app.lastError}</Alert>
        </div>
      )}
      {app.drift && app.status !== "DEPLOYING" && (
        <div className="mb-4">
          <LiveReportAlert report={app.drift} />
        </div>
      )}
      {action.error && (
        <div className="mb-4">
          <Alert>{action.error.message}</Alert>
        </div>
      )}
      <ActiveReleaseBanner appId={app.id} />
      <div
        role="tablist"
        aria-label="Application"
        className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800"
      >
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium capitalize",
              tab === t ? "border-brand-600 text-brand-700 dark:text-brand-100" : "border-transparent text-slate-500 hover:text-slate-800",
            )}
          >
            {t}
          </button>
        ))}
      </div>
      {tab === "services" && <TrafficCard appId={app.id} />}
      {tab === "services" && <ServicesPanel app={app} manage={manage} onLogs={(id) => (setLogService(id), setTab("logs"))} />}
      {tab === "jobs" && <JobsPanel appId={app.id} manage={manage} />}
      {tab === "logs" && <LogsPanel app={app} serviceId={logService} onService={setLogService} />}
      {tab === "events" && <EventsPanel appId={app.id} />}
      {tab === "versions" && <VersionsPanel appId={app.id} manage={manage} />}
      {tab === "deployments" && <DeploymentsPanel appId={app.id} />}
      {tab === "releases" && <ApplicationReleases appId={app.id} />}
      <ConfirmDialog
        open={confirm === "delete"}
        title={`Delete ${app.name}?`}
        confirmLabel="Delete application"
        busy={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setConfirm(null)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => (setConfirm(null), router.push("/applications")) })}
      >
        <p>
          Every service, network, secret, config and named volume of {app.name} is removed from {app.clusterName}. Data in its volumes is
          lost. This cannot be undone.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "stop"}
        title={`Stop ${app.name}?`}
        confirmLabel="Stop application"
        busy={action.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={() => action.mutate("stop", { onSuccess: () => setConfirm(null) })}
      >
        <p>All replicated services are scaled to zero. Volumes and the template stay; Start brings them back.</p>
      </ConfirmDialog>
    </>
  );
}
