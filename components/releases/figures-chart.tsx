"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardHeader } from "@/components/ui/card";
import type { ReleaseFigures, ReleaseView } from "@/lib/schemas/releases";
import { clockTime, formatRate } from "./format";
import { COLOUR_STYLE, ColourTag } from "./release-style";

type Row = { t: number; blueRps?: number; greenRps?: number; blueP95?: number | null; greenP95?: number | null };
type Decision = { t: number; kind: string; message: string };

/** Samples (one per colour every 2 s) as one row per instant, oldest first. */
function rowsOf(samples: ReleaseFigures["samples"]): Row[] {
  const byTime = new Map<number, Row>();
  for (const s of samples) {
    const t = new Date(s.at).getTime();
    const row = byTime.get(t) ?? { t };
    if (s.colour === "blue") Object.assign(row, { blueRps: s.figures.requestsPerSecond, blueP95: s.figures.p95Ms });
    else Object.assign(row, { greenRps: s.figures.requestsPerSecond, greenP95: s.figures.p95Ms });
    byTime.set(t, row);
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/**
 * Timeline entries drawn on the chart: decisions (those carrying the figures they were taken on)
 * and what people did, within the sampled period. Routine progress stays in the timeline only.
 */
function decisionsOf(release: ReleaseView, from: number): Decision[] {
  return release.events
    .filter((e) => e.figures !== null || e.actor !== "system")
    .map((e) => ({ t: new Date(e.at).getTime(), kind: e.kind, message: e.message }))
    .filter((d) => d.t >= from);
}

const AXIS_TICK = { fontSize: 11, fill: "#64748b" };
/** Each panel draws one line per colour, blue first. */
const COLOURS = ["blue", "green"] as const;

type PanelSpec = {
  title: string;
  keys: { blue: keyof Row; green: keyof Row };
  format: (v: number) => string;
  unit: string;
  /** Whole milliseconds (HAProxy's timings) want whole ticks: 1.5 printed rounded would read "2 ms" twice. */
  allowDecimals: boolean;
};

/** The panels, top to bottom: which fields of a row each plots and how its values read. */
const PANELS: PanelSpec[] = [
  {
    title: "Requests per second",
    keys: { blue: "blueRps", green: "greenRps" },
    format: (v) => formatRate(v),
    unit: "",
    allowDecimals: true,
  },
  {
    title: "p95 latency",
    keys: { blue: "blueP95", green: "greenP95" },
    format: (v) => String(Math.round(v)),
    unit: " ms",
    allowDecimals: false,
  },
];

function Panel({
  title,
  rows,
  decisions,
  domain,
  keys,
  format,
  unit,
  allowDecimals,
}: PanelSpec & { rows: Row[]; decisions: Decision[]; domain: [number, number] }) {
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs font-medium text-slate-500">{title}</figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={rows} syncId="release-figures" margin={{ top: 14, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" className="text-slate-200 dark:text-slate-800" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={domain}
            tickFormatter={(t: number) => clockTime(new Date(t).toISOString())}
            tick={AXIS_TICK}
            minTickGap={40}
          />
          <YAxis tick={AXIS_TICK} width={56} tickFormatter={(v: number) => format(v)} unit={unit} allowDecimals={allowDecimals} />
          <Tooltip
            labelFormatter={(t) => clockTime(new Date(Number(t)).toISOString())}
            formatter={(v, name) => [typeof v === "number" ? `${format(v)}${unit}` : "—", name === keys.blue ? "Blue" : "Green"]}
          />
          {decisions.map((d, i) => (
            <ReferenceLine
              key={i}
              x={d.t}
              stroke="#d97706"
              strokeDasharray="4 3"
              label={{ value: d.kind, position: "insideTopLeft", fontSize: 10, fill: "#b45309" }}
            />
          ))}
          {COLOURS.map((colour) => (
            <Line
              key={colour}
              type="linear"
              dataKey={keys[colour]}
              name={String(keys[colour])}
              stroke={COLOUR_STYLE[colour].stroke}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Requests/s and p95 of each colour over the release's samples, with its decisions marked. */
export function FiguresChart({ release, figures }: { release: ReleaseView; figures: ReleaseFigures | undefined }) {
  const rows = figures ? rowsOf(figures.samples) : [];
  const first = rows[0]?.t ?? 0;
  const decisions = decisionsOf(release, first);
  // A decision taken after the last sample (a promotion ends the sampling) still shows.
  const domain: [number, number] = [first, Math.max(rows.at(-1)?.t ?? 0, ...decisions.map((d) => d.t))];
  return (
    <Card data-testid="figures-chart">
      <CardHeader
        title="Over time"
        description={
          <>
            Requests/s and p95 per colour, <ColourTag colour="blue" /> and <ColourTag colour="green" />; dashed lines mark decisions.
          </>
        }
      />
      <div className="space-y-4 p-5">
        {rows.length < 2 ? (
          <p className="text-sm text-slate-500">The chart fills in as samples arrive (one every 2 seconds while the release runs).</p>
        ) : (
          PANELS.map((panel) => <Panel key={panel.title} {...panel} rows={rows} decisions={decisions} domain={domain} />)
        )}
      </div>
    </Card>
  );
}
