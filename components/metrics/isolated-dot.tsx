"use client";

import type { DotItemDotProps } from "recharts";

/**
 * A dot for a sample with a gap on both sides, none elsewhere: a line needs two neighbouring
 * samples, so a series that has just started (or a lone sample in a 24-hour chart) would not
 * show at all.
 */
export function isolatedDot(stroke: string, r = 2.5) {
  return function IsolatedDot({ cx, cy, index, points }: DotItemDotProps) {
    const has = (i: number) =>
      points[i] !== undefined && points[i]?.y !== null && points[i]?.value !== null && points[i]?.value !== undefined;
    if (cx === undefined || cy === undefined || !has(index) || has(index - 1) || has(index + 1)) return null;
    return <circle key={index} cx={cx} cy={cy} r={r} fill={stroke} />;
  };
}
