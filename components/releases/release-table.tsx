"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, TableHead, Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useReleases, type ReleaseSummary } from "@/lib/query/use-releases";
import { ColourTag, ReleaseStateBadge, STRATEGY_LABEL, versionLabel } from "./release-style";

function ReleaseRow({ release: r, showApplication }: { release: ReleaseSummary; showApplication: boolean }) {
  return (
    <Tr data-testid={`release-${r.number}`}>
      <Td>
        <Link
          href={`/releases/${r.id}`}
          className="font-medium text-brand-600 hover:underline"
          aria-label={`Release #${r.number} of ${r.applicationName}`}
        >
          {showApplication && `${r.applicationName} `}#{r.number}
        </Link>
      </Td>
      <Td>{STRATEGY_LABEL[r.strategy]}</Td>
      <Td>
        <ReleaseStateBadge state={r.state} />
      </Td>
      <Td className="tabular-nums">
        {versionLabel(r.fromVersion)} → {versionLabel(r.toVersion)}
      </Td>
      <Td className="tabular-nums">
        <ColourTag colour={r.toColour} className="mr-1" /> {r.toWeight}%
      </Td>
      <Td className="text-slate-500">
        <TimeAgo iso={r.createdAt} />
      </Td>
      <Td className="max-w-48 truncate text-slate-500" title={r.actor}>
        {r.actor}
      </Td>
    </Tr>
  );
}

/**
 * Releases, newest first, with a "Show older" button for the next page. `empty` is what to show
 * when there are none (each place says how to start one in its own words).
 */
export function ReleaseTable({ applicationId, empty }: { applicationId?: string; empty: ReactNode }) {
  const { data, error, isLoading, fetchNextPage, hasNextPage, isFetchingNextPage } = useReleases(applicationId);
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  const showApplication = !applicationId;
  if (error)
    return (
      <div className="p-5">
        <Alert>{error.message}</Alert>
      </div>
    );
  if (isLoading) return <p className="p-5 text-sm text-slate-500">Loading…</p>;
  if (items.length === 0) return <>{empty}</>;
  return (
    <>
      <Table aria-label="Releases">
        <TableHead columns={["Release", "Strategy", "State", "Versions", "New colour", "Started", "By"]} />
        <tbody>
          {items.map((r) => (
            <ReleaseRow key={r.id} release={r} showApplication={showApplication} />
          ))}
        </tbody>
      </Table>
      {hasNextPage && (
        <div className="border-t border-slate-100 px-5 py-3 dark:border-slate-800">
          <Button variant="secondary" size="sm" busy={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            Show older releases
          </Button>
        </div>
      )}
    </>
  );
}
