"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { useLogContext } from "@/lib/query/use-logs";
import type { LogLineView } from "@/lib/schemas/logs";
import { logClock } from "./format";

/** Lines shown on each side at first, and how many more "Earlier"/"Later" add. */
const FIRST = 10;
const STEP = 40;
const MAX = 500;

/**
 * The lines its container wrote to the same store before and after one line (oldest first), the
 * line itself marked; "Earlier"/"Later" widen the window. Escape closes it.
 */
export function LogContextView({ line, id, onClose }: { line: LogLineView; id: string; onClose: () => void }) {
  const [before, setBefore] = useState(FIRST);
  const [after, setAfter] = useState(FIRST);
  const { data, error, isFetching } = useLogContext(line.id, { before, after });
  const items = data?.items ?? [];
  const index = items.findIndex((l) => l.id === line.id);
  const moreBefore = index >= before && before < MAX;
  const moreAfter = index >= 0 && items.length - index - 1 >= after && after < MAX;
  return (
    <div
      id={id}
      role="region"
      aria-label={`Context of the line at ${logClock(line.ts)}`}
      data-testid="log-context"
      onKeyDown={(e) => e.key === "Escape" && (e.stopPropagation(), onClose())}
      className="mx-3 mb-2 rounded-md border border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-950/60"
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 px-3 py-2 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300">
        <span>
          Task <code>{line.task ?? "—"}</code>
        </span>
        <span>
          Container <code>{line.container}</code>
        </span>
        <span>
          Store <code>{line.store}</code>
        </span>
        <span>
          {line.stream === "file" ? (
            <>
              File <code>{line.file ?? "?"}</code>
            </>
          ) : (
            <>
              Stream <code>{line.stream}</code>
            </>
          )}
        </span>
        {line.truncated && <span className="text-amber-700 dark:text-amber-300">cut at 16 KiB by the agent</span>}
        <span className="ml-auto">{isFetching ? "Loading…" : `${items.length} lines of the same container`}</span>
      </div>
      {error && (
        <div className="p-3">
          <Alert title="The context could not be loaded">{error.message}</Alert>
        </div>
      )}
      {moreBefore && (
        <Button size="sm" variant="ghost" className="m-1 text-xs" onClick={() => setBefore((n) => Math.min(MAX, n + STEP))}>
          Earlier lines
        </Button>
      )}
      <ol className="py-1 font-mono text-xs leading-5">
        {items.map((l) => (
          <li
            key={l.id}
            data-testid={l.id === line.id ? "context-anchor" : "context-line"}
            aria-current={l.id === line.id ? "true" : undefined}
            className={cn(
              "flex gap-3 px-3",
              l.id === line.id && "bg-amber-100 font-semibold dark:bg-amber-500/20",
              l.stream === "stderr" && "text-red-700 dark:text-red-300",
            )}
          >
            <time dateTime={l.ts} className="shrink-0 text-slate-500">
              {logClock(l.ts)}
            </time>
            <span className="min-w-0 flex-1 whitespace-pre-wrap break-all">{l.text}</span>
          </li>
        ))}
      </ol>
      <div className="flex justify-between px-1 pb-1">
        {moreAfter ? (
          <Button size="sm" variant="ghost" className="text-xs" onClick={() => setAfter((n) => Math.min(MAX, n + STEP))}>
            Later lines
          </Button>
        ) : (
          <span />
        )}
        <Button size="sm" variant="ghost" className="text-xs" onClick={onClose}>
          Hide context
        </Button>
      </div>
    </div>
  );
}
