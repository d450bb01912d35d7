import { cn } from "@/lib/cn";

/** "Loading…" while a query has no data yet, announced to screen readers as a status. */
export function Loading({ className }: { className?: string }) {
  return (
    <p className={cn("text-sm text-slate-500", className)} role="status">
      Loading…
    </p>
  );
}
