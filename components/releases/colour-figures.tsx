"use client";

import { Alert } from "@/components/ui/alert";
import { cn } from "@/lib/cn";
import type { Colour, ColourFigures, ReleaseFigures, ReleaseView } from "@/lib/schemas/releases";
import { formatErrorRate, formatMs, formatRate } from "./format";
import { COLOUR_STYLE, ColourTag, versionLabel } from "./release-style";

function Figure({ label, value, tone }: { label: string; value: string; tone?: "bad" }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className={cn("text-lg font-semibold tabular-nums", tone === "bad" && "text-red-600 dark:text-red-400")}>{value}</dd>
    </div>
  );
}

function ColourCard({ colour, role, figures }: { colour: Colour; role: string; figures: ColourFigures | null }) {
  const style = COLOUR_STYLE[colour];
  return (
    <section
      aria-label={`${style.label} figures`}
      data-testid={`figures-${colour}`}
      className={cn(
        "rounded-lg border border-l-4 border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900",
        style.border,
      )}
    >
      <header className="mb-3 flex items-baseline justify-between gap-2">
        <h3 className="text-sm">
          <ColourTag colour={colour} /> <span className="text-slate-500">{role}</span>
        </h3>
        {figures && (
          <span className={cn("text-2xl font-semibold tabular-nums", style.text)} title="Share of new requests (the balancer's weights)">
            {Math.round(figures.weight)}%
          </span>
        )}
      </header>
      {figures ? (
        <dl className="grid grid-cols-3 gap-x-4 gap-y-3">
          <Figure label="Requests/s" value={formatRate(figures.requestsPerSecond)} />
          <Figure label="Error rate" value={formatErrorRate(figures.errorRate)} tone={figures.errorRate ? "bad" : undefined} />
          <Figure
            label="Healthy backends"
            value={`${figures.healthyBackends}/${figures.backends}`}
            tone={figures.healthyBackends < figures.backends ? "bad" : undefined}
          />
          <Figure label="p50" value={formatMs(figures.p50Ms)} />
          <Figure label="p95" value={formatMs(figures.p95Ms)} />
          <Figure label="Requests" value={String(figures.requests)} />
        </dl>
      ) : (
        <p className="text-sm text-slate-500">No backends of this colour in the balancer.</p>
      )}
    </section>
  );
}

/** Live figures of both colours side by side, blue first, refreshed with the figures query. */
export function ColourFiguresCards({ release, figures }: { release: ReleaseView; figures: ReleaseFigures | undefined }) {
  if (!figures) return <p className="text-sm text-slate-500">Loading figures…</p>;
  if (!figures.available) {
    return (
      <Alert tone="info" title="No figures yet">
        They appear once the load balancer reports them, every 2 seconds while the release runs. Balancers that cannot count requests per
        colour (some clouds) never show any: decide on your own monitoring then.
      </Alert>
    );
  }
  const roleOf = (c: Colour) =>
    c === release.toColour ? `${versionLabel(release.toVersion)} · new` : `${versionLabel(release.fromVersion)} · old`;
  return (
    <div className="grid gap-4 md:grid-cols-2" aria-live="off">
      {(["blue", "green"] as const).map((c) => (
        <ColourCard key={c} colour={c} role={roleOf(c)} figures={figures.live[c]} />
      ))}
    </div>
  );
}
