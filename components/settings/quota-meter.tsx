import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";
import { formatBytes } from "@/lib/format";
import type { QuotaSet } from "@/lib/schemas/installation";

export type QuotaKind = keyof QuotaSet;
export const QUOTA_KINDS: QuotaKind[] = ["clusters", "nodes", "applications", "registryBytes"];
export const QUOTA_LABELS: Record<QuotaKind, string> = {
  clusters: "Clusters",
  nodes: "Nodes",
  applications: "Applications",
  registryBytes: "Registry storage",
};

export const formatQuota = (kind: QuotaKind, n: number | null) =>
  n === null ? "—" : kind === "registryBytes" ? formatBytes(n) : String(n);

/** "3 of 20" with a bar (amber from 80 %, red when reached) and whether the limit is the organisation's own. */
export function QuotaMeter({ kind, figure, compact = false }: { kind: QuotaKind; figure: QuotaSet[QuotaKind]; compact?: boolean }) {
  const percent = figure.used === null ? null : figure.limit === 0 ? 100 : Math.min(100, (figure.used / figure.limit) * 100);
  const reached = figure.used !== null && figure.used >= figure.limit;
  const text = `${formatQuota(kind, figure.used)} of ${formatQuota(kind, figure.limit)}`;
  return (
    <div className={cn("min-w-0", compact ? "space-y-1" : "space-y-1.5")} data-testid={`quota-${kind}`}>
      <div className="flex items-center gap-2 text-sm">
        <span className={cn("tabular-nums", reached && "font-semibold text-red-700 dark:text-red-300")}>{text}</span>
        {!compact && (figure.custom ? <Badge tone="blue">set by an operator</Badge> : <Badge>installation default</Badge>)}
        {reached && <Badge tone="red">limit reached</Badge>}
      </div>
      <div
        className={cn("h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-700", compact ? "w-20" : "w-full max-w-xs")}
        role="meter"
        aria-label={`${QUOTA_LABELS[kind]}: ${text}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent ?? 0)}
      >
        <div
          className={cn("h-full", (percent ?? 0) >= 100 ? "bg-red-500" : (percent ?? 0) >= 80 ? "bg-amber-500" : "bg-emerald-500")}
          style={{ width: `${percent ?? 0}%` }}
        />
      </div>
    </div>
  );
}
