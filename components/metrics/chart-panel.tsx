"use client";

import { useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartPanel, MetricRange } from "@/lib/schemas/metrics";
import type { ChartMarker, ChartThreshold } from "./chart-annotations";
import { AXIS_TICK, DIRECTION_COLOUR, lineStyles, type LineStyle } from "./chart-style";
import { DecisionMarkerShape, MarkerExplanation, type ActiveMarker } from "./decision-marker";
import { formatAxisTime, formatPointTime, formatTick, formatValue } from "./format";
import { isolatedDot } from "./isolated-dot";

type Row = { t: number; [key: string]: number | null };

/** One row per instant, a column per series (`s0`, `s1`…: task ids are no safe data keys). */
function rowsOf(panel: ChartPanel): Row[] {
  const byTime = new Map<number, Row>();
  panel.series.forEach((s, k) => {
    for (const [t, v] of s.points) {
      const row = byTime.get(t) ?? { t };
      row[`s${k}`] = v;
      byTime.set(t, row);
    }
  });
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/**
 * A round top for the y axis above every value and threshold, so lines never touch the frame; a
 * quarter of it is a round tick too. Bytes round in their binary unit (40 GiB, not 46.6).
 */
function niceCeiling(value: number, binary = false): number {
  if (!(value > 0)) return 1;
  const base = binary ? 1024 ** Math.max(0, Math.floor(Math.log(value) / Math.log(1024))) : 1;
  const scaled = value / base;
  const magnitude = 10 ** Math.floor(Math.log10(scaled));
  const step = [1, 2, 4, 5, 8, 10].find((m) => m * magnitude >= scaled) ?? 10;
  return step * magnitude * base;
}

const QUARTERS = [0, 0.25, 0.5, 0.75, 1];

const latest = (points: ChartPanel["series"][number]["points"]) => [...points].reverse().find(([, v]) => v !== null)?.[1] ?? null;

function Swatch({ style }: { style: LineStyle | undefined }) {
  return (
    <svg width="14" height="6" aria-hidden className="shrink-0">
      <line x1="0" y1="3" x2="14" y2="3" stroke={style?.stroke} strokeWidth={2.5} strokeDasharray={style?.dash} />
    </svg>
  );
}

function HoverValues({
  active,
  label,
  payload,
  panel,
  styles,
  range,
}: {
  active: boolean;
  label?: string | number;
  payload: ReadonlyArray<{ dataKey?: unknown; value?: unknown }>;
  panel: ChartPanel;
  styles: LineStyle[];
  range: MetricRange;
}) {
  if (!active || !payload.length) return null;
  const values = new Map(payload.map((p) => [String(p.dataKey), typeof p.value === "number" ? p.value : null]));
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-slate-700 dark:bg-slate-900">
      <p className="mb-1 font-medium">{formatPointTime(range, Number(label))}</p>
      <ul className="space-y-0.5">
        {panel.series.map((s, k) => (
          <li key={s.id} className="flex items-center gap-2">
            <Swatch style={styles[k]} />
            <span className="text-slate-600 dark:text-slate-300">{s.label}</span>
            <span className="ml-auto pl-3 font-medium tabular-nums">{formatValue(panel.unit, values.get(`s${k}`))}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One panel of a chart (CPU, memory or network): its series, thresholds and decision markers, and a legend with the latest values. */
export function ChartPanelView({
  panel,
  range,
  domain,
  thresholds,
  markers,
  syncId,
}: {
  panel: ChartPanel;
  range: MetricRange;
  domain: [number, number];
  thresholds: ChartThreshold[];
  markers: ChartMarker[];
  syncId: string;
}) {
  const [active, setActive] = useState<ActiveMarker | null>(null);
  const rows = rowsOf(panel);
  const styles = lineStyles(panel.series);
  const highest = Math.max(0, ...panel.series.flatMap((s) => s.points.map(([, v]) => v ?? 0)), ...thresholds.map((t) => t.value));
  const top = niceCeiling(highest * 1.1, panel.unit !== "percent");
  const shown = markers.filter((m) => m.t >= domain[0] && m.t <= domain[1]);
  return (
    <figure className="min-w-0 space-y-1" data-testid={`chart-panel-${panel.id}`}>
      <figcaption className="text-xs font-medium text-slate-500">{panel.title}</figcaption>
      <div className="relative">
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={rows} syncId={syncId} margin={{ top: 12, right: 28, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" className="text-slate-200 dark:text-slate-800" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={domain}
              tickFormatter={(t: number) => formatAxisTime(range, t)}
              tick={AXIS_TICK}
              minTickGap={48}
            />
            <YAxis
              domain={[0, top]}
              ticks={QUARTERS.map((q) => q * top)}
              tick={AXIS_TICK}
              width={64}
              tickFormatter={(v: number) => formatTick(panel.unit, v)}
              allowDataOverflow
            />
            {/* filterNull off: an instant without a sample says so ("—") instead of hiding the tooltip */}
            <Tooltip
              filterNull={false}
              active={active ? false : undefined}
              content={({ active: on, label, payload }) => (
                <HoverValues active={on} label={label} payload={payload} panel={panel} styles={styles} range={range} />
              )}
            />
            {thresholds.map((t) => (
              <ReferenceLine
                key={`${t.direction}-${t.label}`}
                y={t.value}
                stroke={DIRECTION_COLOUR[t.direction]}
                strokeDasharray="5 4"
                ifOverflow="extendDomain"
                label={{
                  value: t.label,
                  position: t.direction === "out" ? "insideTopLeft" : "insideBottomLeft",
                  fontSize: 10,
                  fill: DIRECTION_COLOUR[t.direction],
                }}
              />
            ))}
            {shown.map((m) => (
              <ReferenceLine
                key={`line-${m.id}`}
                x={m.t}
                stroke={DIRECTION_COLOUR[m.direction]}
                strokeOpacity={0.35}
                strokeDasharray="2 3"
              />
            ))}
            {panel.series.map((s, k) => (
              <Line
                key={s.id}
                type="monotone"
                dataKey={`s${k}`}
                name={s.label}
                stroke={styles[k]?.stroke}
                strokeWidth={styles[k]?.width}
                strokeDasharray={styles[k]?.dash}
                strokeOpacity={styles[k]?.opacity}
                dot={isolatedDot(styles[k]?.stroke ?? "currentColor")}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
            {shown.map((m) => (
              <ReferenceDot
                key={m.id}
                x={m.t}
                y={top * (m.direction === "held" ? 0.8 : 0.93)}
                r={0}
                ifOverflow="visible"
                shape={(props) => <DecisionMarkerShape cx={props.cx} cy={props.cy} marker={m} onActive={setActive} />}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        {active && <MarkerExplanation active={active} when={formatPointTime(range, active.marker.t)} />}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label={`${panel.title}: latest values`}>
        {panel.series.map((s, k) => (
          <li key={s.id} className="flex items-center gap-1.5" data-testid={`legend-${panel.id}-${s.id}`}>
            <Swatch style={styles[k]} />
            <span className="text-slate-600 dark:text-slate-300">{s.label}</span>
            <span className="font-medium tabular-nums">{formatValue(panel.unit, latest(s.points))}</span>
          </li>
        ))}
        {panel.omitted > 0 && (
          <li className="text-slate-500">
            +{panel.omitted} more task{panel.omitted === 1 ? "" : "s"} not drawn
          </li>
        )}
      </ul>
    </figure>
  );
}
