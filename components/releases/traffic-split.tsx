"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { useSetReleaseWeight } from "@/lib/query/use-releases";
import type { ReleaseFigures, ReleaseView } from "@/lib/schemas/releases";
import { COLOUR_STYLE, ColourTag, versionLabel } from "./release-style";

/** Presets as blue/green shares, the way the colours sit on the slider (blue left, green right). */
const PRESETS = [
  { blue: 0, green: 100 },
  { blue: 80, green: 20 },
  { blue: 50, green: 50 },
  { blue: 100, green: 0 },
] as const;

/**
 * The slider's position is green's share whichever colour is new, so left is always blue and
 * right always green; the API takes the new colour's share.
 */
const greenShareOf = (r: Pick<ReleaseView, "toColour" | "toWeight">) => (r.toColour === "green" ? r.toWeight : 100 - r.toWeight);
const toWeightOf = (r: Pick<ReleaseView, "toColour">, green: number) => (r.toColour === "green" ? green : 100 - green);

/** The split drawn as a bar (SVG: widths come from data, and the UI uses no inline styles). */
function SplitBar({ green }: { green: number }) {
  return (
    <svg className="h-3 w-full overflow-hidden rounded-full" aria-hidden preserveAspectRatio="none" viewBox="0 0 100 1">
      <rect x="0" y="0" width={100 - green} height="1" fill={COLOUR_STYLE.blue.stroke} />
      <rect x={100 - green} y="0" width={green} height="1" fill={COLOUR_STYLE.green.stroke} />
    </svg>
  );
}

/**
 * Blue-green while verifying: how requests split between the colours. The slider applies when it
 * is let go (pointer up, a key released, focus leaving), not on every step of a drag, so the
 * balancer gets one change per decision; presets apply at once.
 */
export function TrafficSplit({ release, figures }: { release: ReleaseView; figures: ReleaseFigures | undefined }) {
  const setWeight = useSetReleaseWeight(release.id);
  // Weights move once the new colour is healthy (the server refuses before): the balancer's own
  // health checks say so first. Without figures the server's answer is the guide.
  const fresh = figures?.available ? figures.live[release.toColour] : undefined;
  const notReady =
    release.phase !== "hold" || release.requested !== null || (fresh !== undefined && (fresh === null || fresh.backends === 0));
  const [draft, setDraft] = useState<number | null>(null);
  const applied = greenShareOf(release);
  const green = draft ?? applied;
  const versionOf = (c: "blue" | "green") =>
    c === release.toColour ? `${versionLabel(release.toVersion)}, new` : `${versionLabel(release.fromVersion)}, old`;

  /** Sends a share; the draft stays on screen until the answer, unless the user has moved on. */
  const apply = (nextGreen: number) => {
    if (nextGreen === applied) return setDraft(null);
    if (setWeight.isPending && setWeight.variables === toWeightOf(release, nextGreen)) return; // already on its way
    setDraft(nextGreen);
    setWeight.mutate(toWeightOf(release, nextGreen), { onSettled: () => setDraft((d) => (d === nextGreen ? null : d)) });
  };
  const commit = () => {
    if (draft !== null) apply(draft);
  };

  return (
    <Card data-testid="traffic-split">
      <CardHeader
        title="Traffic split"
        description="Share of new requests each colour receives. Drag the slider or use the arrow keys; the balancer changes when you let go."
      />
      <div className="space-y-4 p-5">
        <div className="flex items-baseline justify-between gap-4 text-sm tabular-nums" aria-live="polite">
          <span>
            <ColourTag colour="blue" /> <span className="text-slate-500">({versionOf("blue")})</span>{" "}
            <span className="text-lg font-semibold">{100 - green}%</span>
          </span>
          <span className="text-right">
            <span className="text-lg font-semibold">{green}%</span> <span className="text-slate-500">({versionOf("green")})</span>{" "}
            <ColourTag colour="green" />
          </span>
        </div>
        <SplitBar green={green} />
        <input
          type="range"
          min={0}
          max={100}
          step={1}
          value={green}
          aria-label="Share of traffic to green"
          aria-valuetext={`Blue ${100 - green}%, green ${green}%`}
          disabled={notReady}
          className="w-full cursor-pointer accent-emerald-600 disabled:cursor-not-allowed disabled:opacity-50"
          onChange={(e) => setDraft(Number(e.target.value))}
          onPointerUp={commit}
          onKeyUp={commit}
          onBlur={commit}
        />
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-500">Presets (blue/green):</span>
          {PRESETS.map((p) => (
            <Button
              key={p.green}
              size="sm"
              variant="secondary"
              aria-pressed={applied === p.green}
              title={`Blue ${p.blue}%, green ${p.green}%`}
              disabled={notReady}
              className={cn(applied === p.green && "border-emerald-500 ring-1 ring-emerald-500")}
              onClick={() => apply(p.green)}
            >
              {p.blue}/{p.green}
            </Button>
          ))}
          {setWeight.isPending && (
            <span className="text-sm text-slate-500" role="status">
              Applying…
            </span>
          )}
        </div>
        {notReady && (
          <p className="text-sm text-slate-500" role="status">
            Traffic can move once <ColourTag colour={release.toColour} />
            &apos;s tasks pass their health checks ({fresh?.healthyBackends ?? 0}/{fresh?.backends ?? 0} healthy).
          </p>
        )}
        {setWeight.error && <Alert>{setWeight.error.message}</Alert>}
      </div>
    </Card>
  );
}
