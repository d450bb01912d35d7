import { cn } from "@/lib/cn";
import { formatPercent } from "@/lib/format";

/** A small utilisation bar: green, amber above 70 %, red above 90 %. */
export function UsageBar({ label, percent }: { label: string; percent: number | null }) {
  const value = percent === null ? 0 : Math.max(0, Math.min(100, percent));
  const text = formatPercent(percent === null ? null : value);
  return (
    <div className="flex items-center gap-2" title={`${label} ${percent === null ? "unknown" : text}`}>
      <span className="w-8 text-xs text-slate-500">{label}</span>
      <div
        className="h-1.5 w-16 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(value)}
      >
        <div
          className={cn("h-full", value > 90 ? "bg-red-500" : value > 70 ? "bg-amber-500" : "bg-emerald-500")}
          style={{ width: `${value}%` }}
        />
      </div>
      <span className="w-9 text-right text-xs tabular-nums text-slate-500">{text}</span>
    </div>
  );
}
