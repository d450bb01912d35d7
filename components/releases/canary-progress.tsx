"use client";

import { Check, X } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { isFinished } from "@/lib/query/use-releases";
import type { CanaryParams, ColourFigures, ReleaseFigures, ReleaseView } from "@/lib/schemas/releases";
import { formatErrorRate, formatMs } from "./format";
import { ColourTag } from "./release-style";

type StepStatus = "done" | "current" | "upcoming" | "stopped";

/** Where each step stands: the release's state says whether the current step holds, finished or broke off. */
function stepStatus(release: ReleaseView, index: number): StepStatus {
  const finishedWell = release.state === "done" || release.state === "promoting";
  if (finishedWell || index < release.stepIndex) return "done";
  if (index > release.stepIndex) return "upcoming";
  if (["rolling-back", "failed", "aborted"].includes(release.state)) return "stopped";
  // Before the first step the new colour is still getting healthy, at weight 0.
  return release.state === "verifying" && release.toWeight === release.canary?.steps[index] ? "current" : "upcoming";
}

/** When the current step began (the server's clock decides; this countdown only shows it). */
const stepStartedAt = (release: ReleaseView): number => new Date(release.stepStartedAt).getTime();

/** The current time, once a second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now()); // the clock stood still while inactive
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

const STEP_LOOK: Record<StepStatus, string> = {
  done: "border-emerald-500 bg-emerald-50 text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200",
  current: "border-amber-500 bg-amber-50 text-amber-900 ring-2 ring-amber-400 dark:bg-amber-950/40 dark:text-amber-100",
  upcoming: "border-slate-200 text-slate-500 dark:border-slate-700",
  stopped: "border-red-500 bg-red-50 text-red-800 dark:bg-red-950/40 dark:text-red-200",
};

function Steps({ release, canary }: { release: ReleaseView; canary: CanaryParams }) {
  return (
    <ol className="flex flex-wrap items-stretch gap-2" aria-label="Canary steps">
      {canary.steps.map((percent, i) => {
        const status = stepStatus(release, i);
        return (
          <li
            key={i}
            aria-current={status === "current" ? "step" : undefined}
            data-testid={`canary-step-${i}`}
            data-status={status}
            className={cn("flex min-w-24 flex-col rounded-md border px-3 py-2 text-sm", STEP_LOOK[status])}
          >
            <span className="text-xs">Step {i + 1}</span>
            <span className="flex items-center gap-1 text-lg font-semibold tabular-nums">
              {percent}%{status === "done" && <Check className="size-4" aria-label="done" />}
              {status === "stopped" && <X className="size-4" aria-label="stopped" />}
            </span>
            <span className="text-xs">{status === "current" ? "holding" : status}</span>
          </li>
        );
      })}
    </ol>
  );
}

type Rail = { name: string; rule: string; live: string; ok: boolean | null };

/** The guard rails with the live values; the server judges them over each step's whole hold. */
function guardRails(canary: CanaryParams, fresh: ColourFigures | null, old: ColourFigures | null): Rail[] {
  const errorOk =
    fresh?.errorRate === null || fresh?.errorRate === undefined ? null : fresh.errorRate <= (old?.errorRate ?? 0) + canary.maxErrorRate;
  const p95Ok =
    fresh?.p95Ms === null || fresh?.p95Ms === undefined ? null : !(fresh.p95Ms > canary.maxP95Ms && fresh.p95Ms > (old?.p95Ms ?? 0));
  return [
    {
      name: "Error rate",
      rule: `at most ${formatErrorRate(canary.maxErrorRate)} above the old colour's`,
      live: `${formatErrorRate(fresh?.errorRate)} new · ${formatErrorRate(old?.errorRate)} old`,
      ok: errorOk,
    },
    {
      name: "p95 latency",
      rule: `under ${formatMs(canary.maxP95Ms)}, or no slower than the old colour`,
      live: `${formatMs(fresh?.p95Ms)} new · ${formatMs(old?.p95Ms)} old`,
      ok: p95Ok,
    },
  ];
}

/** The rails' rules, with the live values and a verdict while the release runs. */
function GuardRails({ rails, live }: { rails: Rail[]; live: boolean }) {
  return (
    <dl className="grid gap-3 sm:grid-cols-2" aria-label="Guard rails">
      {rails.map((r) => (
        <div key={r.name} className="rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-700">
          <dt className="flex items-center justify-between gap-2 font-medium">
            {r.name}
            {live &&
              (r.ok === null ? <Badge>no requests</Badge> : r.ok ? <Badge tone="green">within</Badge> : <Badge tone="red">over</Badge>)}
          </dt>
          <dd className="text-xs text-slate-500">{r.rule}</dd>
          {live && <dd className="mt-1 tabular-nums">{r.live}</dd>}
        </div>
      ))}
    </dl>
  );
}

/** Canary: the steps with the current one highlighted, the hold's countdown and the guard rails. */
export function CanaryProgress({ release, figures }: { release: ReleaseView; figures: ReleaseFigures | undefined }) {
  const canary = release.canary;
  const holding = release.state === "verifying" && stepStatus(release, release.stepIndex) === "current";
  const now = useNow(holding);
  if (!canary) return null;
  const left = Math.max(0, Math.ceil((stepStartedAt(release) + canary.holdSeconds * 1000 - now) / 1000));
  const current = canary.steps[release.stepIndex];
  const isLast = release.stepIndex >= canary.steps.length - 1;
  return (
    <Card data-testid="canary-progress">
      <CardHeader
        title="Canary"
        description={
          <>
            Each step sends a larger share of requests to <ColourTag colour={release.toColour} /> and holds for {canary.holdSeconds} s; a
            guard rail crossed rolls back.
          </>
        }
      />
      <div className="space-y-4 p-5">
        <Steps release={release} canary={canary} />
        {holding && current !== undefined && (
          <p className="text-sm tabular-nums" role="timer" aria-live="off" data-testid="canary-countdown">
            Holding {current}% for {left > 0 ? <strong>{left} s</strong> : "a moment"} more
            {isLast ? ", then promoting" : `, then ${canary.steps[release.stepIndex + 1]}%`}.
          </p>
        )}
        <GuardRails
          rails={guardRails(canary, figures?.live[release.toColour] ?? null, figures?.live[release.fromColour] ?? null)}
          live={!isFinished(release.state)}
        />
      </div>
    </Card>
  );
}
