"use client";

import type { SyntheticEvent } from "react";
import { DIRECTION_COLOUR } from "./chart-style";
import type { ChartMarker } from "./chart-annotations";

export type ActiveMarker = { marker: ChartMarker; x: number; y: number };

/**
 * A decision drawn near the top of its panel: an up triangle for a scale-out, a down triangle for a
 * scale-in (with the change, "+2"), a ring a little lower for one held back. Focusable, and hovering or focusing it shows the evaluator's
 * explanation (MarkerExplanation); the SVG title is the fallback for assistive tools.
 */
export function DecisionMarkerShape({
  cx = 0,
  cy = 0,
  marker,
  onActive,
}: {
  cx?: number;
  cy?: number;
  marker: ChartMarker;
  onActive: (active: ActiveMarker | null) => void;
}) {
  const colour = DIRECTION_COLOUR[marker.direction];
  // Not passed on to the chart: its keyboard layer would open the hover values at the first instant.
  const show = (e: SyntheticEvent) => (e.stopPropagation(), onActive({ marker, x: cx, y: cy }));
  const hide = (e: SyntheticEvent) => (e.stopPropagation(), onActive(null));
  return (
    <g
      role="img"
      tabIndex={0}
      aria-label={marker.explanation}
      data-testid="decision-marker"
      data-direction={marker.direction}
      className="cursor-help"
      onMouseEnter={show}
      onFocus={show}
      onMouseLeave={hide}
      onBlur={hide}
      onMouseMove={(e) => e.stopPropagation()}
    >
      <title>{marker.explanation}</title>
      {/* a larger transparent target: a 10-pixel triangle is hard to hover */}
      <circle cx={cx} cy={cy} r={11} fill="transparent" />
      {marker.direction === "held" ? (
        <circle cx={cx} cy={cy} r={5} fill="white" stroke={colour} strokeWidth={2} />
      ) : (
        <path
          d={
            marker.direction === "out"
              ? `M${cx} ${cy - 6} L${cx + 6} ${cy + 5} L${cx - 6} ${cy + 5} Z`
              : `M${cx} ${cy + 6} L${cx + 6} ${cy - 5} L${cx - 6} ${cy - 5} Z`
          }
          fill={colour}
          stroke="white"
          strokeWidth={1}
        />
      )}
      {marker.direction !== "held" && (
        <text x={cx + 9} y={cy + 4} fontSize={10} fontWeight={600} fill={colour}>
          {marker.short}
        </text>
      )}
    </g>
  );
}

/** The explanation next to the hovered or focused marker, as HTML over the chart. */
export function MarkerExplanation({ active, when }: { active: ActiveMarker; when: string }) {
  return (
    <div
      role="tooltip"
      data-testid="decision-explanation"
      className="pointer-events-none absolute z-10 w-max max-w-xs -translate-x-1/2 translate-y-4 rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-slate-700 dark:bg-slate-900"
      // at the marker, which only the chart knows in pixels
      style={{ left: active.x, top: active.y }}
    >
      <p className="font-medium">{when}</p>
      <p className="mt-0.5 whitespace-pre-line">{active.marker.explanation}</p>
    </div>
  );
}
