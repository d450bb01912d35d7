"use client";

import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { isFinished, useReleases } from "@/lib/query/use-releases";
import { ReleaseStateBadge, STRATEGY_LABEL, versionLabel } from "./release-style";
import { ReleaseTable } from "./release-table";

/** The application's releases (its page's Releases tab). */
export function ApplicationReleases({ appId }: { appId: string }) {
  return (
    <Card>
      <CardHeader title="Releases" description="New versions released through the load balancer: rolling, blue-green or canary." />
      <ReleaseTable
        applicationId={appId}
        empty={
          <p className="p-5 text-sm text-slate-500">
            No releases yet. Start one from <strong>Versions → New version</strong> with a release strategy other than Deploy.
          </p>
        }
      />
    </Card>
  );
}

/** A line on the application's page while one of its releases runs, linking to it. */
export function ActiveReleaseBanner({ appId }: { appId: string }) {
  const { data } = useReleases(appId);
  const active = data?.pages[0]?.items.find((r) => !isFinished(r.state));
  if (!active) return null;
  return (
    <div
      className="mb-4 flex flex-wrap items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
      role="status"
    >
      <span className="font-medium">
        {STRATEGY_LABEL[active.strategy]} release #{active.number} in progress
      </span>
      <ReleaseStateBadge state={active.state} />
      <span>
        {versionLabel(active.fromVersion)} → {versionLabel(active.toVersion)}
      </span>
      <Link href={`/releases/${active.id}`} className="ml-auto font-medium text-brand-700 hover:underline dark:text-brand-100">
        Open release →
      </Link>
    </div>
  );
}
