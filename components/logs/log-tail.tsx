"use client";

import { Pause, Play, RotateCw } from "lucide-react";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { logTailUrl } from "@/lib/query/use-logs";
import { TAIL_MAX_LINES, useLogTail, type TailState } from "@/lib/query/use-log-tail";
import type { LogFilters } from "@/lib/schemas/logs";
import { plural } from "./format";
import { LogLineRow, type NarrowBy } from "./log-line-row";

/** Lines of the last minutes shown before following. */
const BACKFILL = 50;

const STATE_TEXT: Record<TailState, string> = {
  connecting: "Connecting…",
  live: "Following new lines",
  reconnecting: "Connection lost, reconnecting…",
  stopped: "The live tail stopped",
};

function Status({ state, paused, waiting }: { state: TailState; paused: boolean; waiting: number }) {
  const dot =
    state === "live" && !paused
      ? "bg-emerald-500 animate-pulse"
      : state === "live"
        ? "bg-amber-500"
        : state === "stopped"
          ? "bg-red-500"
          : "bg-slate-400";
  return (
    <p className="flex items-center gap-2 text-sm" role="status" data-testid="tail-status">
      <span className={cn("inline-block size-2 rounded-full", dot)} aria-hidden />
      {paused ? (
        <span>
          <strong>Paused</strong> — <span data-testid="tail-waiting">{plural(waiting, "new line")}</span> waiting
          {waiting > TAIL_MAX_LINES && <span className="text-slate-500"> (the latest {TAIL_MAX_LINES.toLocaleString("en")} are kept)</span>}
        </span>
      ) : (
        STATE_TEXT[state]
      )}
    </p>
  );
}

/**
 * The live tail of the filters (the time range does not apply): oldest at the top, newest at the
 * bottom, following new lines while the view is scrolled to the bottom. Pause freezes the view
 * and counts what arrives; Resume adds it.
 */
export function LogTail({ filters, onNarrow }: { filters: LogFilters; onNarrow: (by: NarrowBy) => void }) {
  const tail = useLogTail(logTailUrl(filters, BACKFILL));
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useEffect(() => {
    const el = box.current;
    if (el && atBottom.current && !tail.paused) el.scrollTop = el.scrollHeight;
  }, [tail.lines, tail.paused]);

  return (
    <div>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <Status state={tail.state} paused={tail.paused} waiting={tail.waiting} />
        <div className="ml-auto flex items-center gap-2">
          {tail.state === "stopped" && (
            <Button size="sm" variant="secondary" onClick={tail.reconnect}>
              <RotateCw className="size-3.5" aria-hidden />
              Reconnect
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={tail.clear} disabled={!tail.lines.length}>
            Clear
          </Button>
          {tail.paused ? (
            <Button size="sm" onClick={tail.resume}>
              <Play className="size-3.5" aria-hidden />
              Resume
            </Button>
          ) : (
            <Button size="sm" variant="secondary" onClick={tail.pause}>
              <Pause className="size-3.5" aria-hidden />
              Pause
            </Button>
          )}
        </div>
      </div>
      {tail.state === "stopped" && (
        <div className="px-4 pt-3">
          {tail.ended && !tail.ended.error ? (
            <Alert tone="info" title="The live tail ended">
              A live tail lasts 30 minutes. Reconnect to follow again; the search shows what was stored meanwhile.
            </Alert>
          ) : (
            <Alert title="The live tail stopped">
              {tail.ended?.error ?? "The server closed the stream (the console restarted, or the filters were refused)."} Reconnect to
              follow again; the search shows what was stored meanwhile.
            </Alert>
          )}
        </div>
      )}
      <div
        ref={box}
        className="h-[32rem] overflow-auto"
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {tail.lines.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">
            {tail.state === "live" ? "Waiting for new lines that match…" : STATE_TEXT[tail.state]}
          </p>
        ) : (
          <ol
            aria-label="Live log lines, newest last"
            aria-live="off"
            className="divide-y divide-slate-100 py-1 dark:divide-slate-800/60"
            data-testid="tail-lines"
          >
            {tail.lines.map((line) => (
              <LogLineRow key={line.id} line={line} onNarrow={onNarrow} />
            ))}
          </ol>
        )}
        {tail.paused && tail.waiting > 0 && (
          // Where the new lines would appear: a reminder that they are held, and the way to show them.
          <div className="pointer-events-none sticky bottom-0 flex justify-end px-4 pb-2">
            <button
              type="button"
              onClick={tail.resume}
              className="pointer-events-auto rounded-full bg-amber-500 px-3 py-1 text-xs font-medium text-white shadow hover:bg-amber-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
            >
              Show {plural(tail.waiting, "new line")}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
