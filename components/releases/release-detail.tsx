"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { TimeAgo } from "@/components/ui/time-ago";
import { isFinished, useRelease, useReleaseFigures } from "@/lib/query/use-releases";
import type { ReleaseView } from "@/lib/schemas/releases";
import { CanaryProgress } from "./canary-progress";
import { ColourFiguresCards } from "./colour-figures";
import { FiguresChart } from "./figures-chart";
import { formatDuration } from "./format";
import { ReleaseActions } from "./release-actions";
import { COLOUR_STYLE, ColourTag, ReleaseStateBadge, STRATEGY_LABEL, versionLabel } from "./release-style";
import { ReleaseTimeline } from "./release-timeline";
import { TrafficSplit } from "./traffic-split";

/** "Green (v4)": a colour and the version it runs. */
const named = (r: ReleaseView, which: "from" | "to") =>
  `${COLOUR_STYLE[which === "to" ? r.toColour : r.fromColour].label} (${versionLabel(which === "to" ? r.toVersion : r.fromVersion)})`;

/** How a finished release ended, in one sentence, with the error that ended it if any. */
function Outcome({ release: r }: { release: ReleaseView }) {
  const took = r.finishedAt ? ` It took ${formatDuration(new Date(r.finishedAt).getTime() - new Date(r.createdAt).getTime())}.` : "";
  if (r.state === "done") {
    return (
      <Alert tone="success" title="Done">
        {named(r, "to")} serves every request; {named(r, "from").toLowerCase()} was drained and removed.{took}
      </Alert>
    );
  }
  const title = r.state === "failed" ? "Failed" : "Rolled back";
  return (
    <Alert tone={r.state === "failed" ? "error" : "warning"} title={title}>
      {r.error && <p className="mb-1">{r.error}</p>}
      <p>
        {named(r, "from")} serves every request; {named(r, "to").toLowerCase()} was removed.{took}
      </p>
    </Alert>
  );
}

function Summary({ release: r }: { release: ReleaseView }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      <ReleaseStateBadge state={r.state} />
      <span>{STRATEGY_LABEL[r.strategy]}</span>·
      <span className="tabular-nums">
        {versionLabel(r.fromVersion)} <ColourTag colour={r.fromColour} /> → {versionLabel(r.toVersion)} <ColourTag colour={r.toColour} />
      </span>
      ·
      <span>
        started <TimeAgo iso={r.createdAt} /> by {r.actor}
      </span>
    </span>
  );
}

/** A release's page: where it stands, its controls while it runs, live figures and its timeline. */
export function ReleaseDetail({ releaseId }: { releaseId: string }) {
  const { data: release, error } = useRelease(releaseId);
  const running = release ? !isFinished(release.state) : false;
  const { data: figures, error: figuresError } = useReleaseFigures(releaseId, running);
  if (error) return <Alert title="Release not available">{error.message}</Alert>;
  if (!release) return <p className="text-sm text-slate-500">Loading…</p>;
  return (
    <>
      <BackLink href="/releases" label="Releases">
        <span className="text-slate-400"> · </span>
        <Link href={`/applications/${release.applicationId}`} className="text-brand-600 hover:underline">
          {release.applicationName}
        </Link>
      </BackLink>
      <PageHeader
        title={`${release.applicationName} release #${release.number}`}
        description={<Summary release={release} />}
        actions={running ? <ReleaseActions release={release} /> : undefined}
      />
      <div className="space-y-6">
        {running ? (
          <p
            className="rounded-md border border-slate-200 bg-slate-50 px-4 py-2.5 text-sm dark:border-slate-800 dark:bg-slate-900"
            role="status"
            data-testid="release-step"
          >
            <span className="font-medium">Now:</span> {release.step}
            {release.services.length > 0 && (
              <span className="text-slate-500"> · services {release.services.map((s) => s.name).join(", ")}</span>
            )}
          </p>
        ) : (
          <Outcome release={release} />
        )}
        {running && release.error && <Alert tone="warning">{release.error}</Alert>}
        {release.strategy === "blue-green" && release.state === "verifying" && <TrafficSplit release={release} figures={figures} />}
        {release.strategy === "canary" && <CanaryProgress release={release} figures={figures} />}
        {figuresError && (
          <Alert tone="warning" title="Live figures unavailable">
            {figuresError.message}
          </Alert>
        )}
        {running && <ColourFiguresCards release={release} figures={figures} />}
        {(running || (figures?.samples.length ?? 0) > 0) && <FiguresChart release={release} figures={figures} />}
        <ReleaseTimeline events={release.events} />
      </div>
    </>
  );
}
