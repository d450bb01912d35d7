"use client";

import { Card, CardHeader } from "@/components/ui/card";
import type { ColourFigures, ReleaseView } from "@/lib/schemas/releases";
import { clockTime, formatErrorRate, formatMs, formatRate } from "./format";
import { ColourTag } from "./release-style";

type Event = ReleaseView["events"][number];

function FiguresLine({ figures }: { figures: NonNullable<Event["figures"]> }) {
  const part = (colour: "blue" | "green", f: ColourFigures | null) =>
    f && (
      <span key={colour} className="inline-flex flex-wrap items-center gap-x-1.5">
        <ColourTag colour={colour} />
        <span>
          {f.weight}% · {formatRate(f.requestsPerSecond)} req/s · errors {formatErrorRate(f.errorRate)} · p50 {formatMs(f.p50Ms)} · p95{" "}
          {formatMs(f.p95Ms)} · {f.healthyBackends}/{f.backends} healthy
        </span>
      </span>
    );
  return (
    <div className="mt-1 flex flex-col gap-0.5 text-xs tabular-nums text-slate-600 dark:text-slate-300">
      {part("blue", figures.blue)}
      {part("green", figures.green)}
    </div>
  );
}

/** Every step and decision of the release, oldest first, with who took it and the figures behind it. */
export function ReleaseTimeline({ events }: { events: Event[] }) {
  return (
    <Card>
      <CardHeader
        title="Timeline"
        description="Every step and decision, with who took it and, for decisions, the figures it was taken on."
      />
      {events.length === 0 && <p className="p-5 text-sm text-slate-500">Nothing has happened yet.</p>}
      <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="release-timeline">
        {events.map((e, i) => (
          <li key={i} className="flex flex-col gap-0.5 px-5 py-2.5 text-sm sm:flex-row sm:gap-3">
            <time dateTime={e.at} title={new Date(e.at).toLocaleString()} className="w-20 shrink-0 tabular-nums text-slate-500">
              {clockTime(e.at)}
            </time>
            <span className="shrink-0 truncate text-slate-500 sm:w-36" title={e.actor}>
              {e.actor}
            </span>
            <div className="min-w-0 flex-1">
              <span>{e.message}</span> <code className="text-xs text-slate-400">{e.kind}</code>
              {e.figures && <FiguresLine figures={e.figures} />}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
