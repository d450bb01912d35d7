"use client";

import { cn } from "@/lib/cn";
import { METRIC_RANGES, type MetricRange } from "@/lib/schemas/metrics";
import { RANGE_LABELS } from "./format";

/** 15 min / 1 h / 24 h / 7 d as a group of toggle buttons (Tab reaches them, Enter or Space picks one). */
export function RangeSwitcher({ value, onChange, label }: { value: MetricRange; onChange: (range: MetricRange) => void; label: string }) {
  return (
    <div role="group" aria-label={label} className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
      {METRIC_RANGES.map((range) => (
        <button
          key={range}
          type="button"
          aria-pressed={value === range}
          onClick={() => onChange(range)}
          className={cn(
            "px-2.5 py-1 text-xs font-medium",
            value === range
              ? "bg-brand-600 text-white"
              : "bg-white text-slate-700 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800",
          )}
        >
          {RANGE_LABELS[range]}
        </button>
      ))}
    </div>
  );
}
