"use client";

import { ChevronRight } from "lucide-react";
import { useId, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import type { LogLineView } from "@/lib/schemas/logs";
import { logTime } from "./format";
import { HighlightedText } from "./highlighted-text";
import { LogContextView } from "./log-context";

export type NarrowBy = { field: "service" | "task" | "store"; value: string; applicationId: string | null };

/**
 * One stored line: when, where from (application/service, store), the text with its matches
 * marked. "Context" opens the lines around it inline, with the line's task, container and store,
 * each of which can narrow the search.
 */
export function LogLineRow({ line, onNarrow }: { line: LogLineView; onNarrow?: (by: NarrowBy) => void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const contextId = useId();
  const stderr = line.stream === "stderr";
  const close = () => (setOpen(false), button.current?.focus());
  return (
    <li
      data-testid="log-line"
      data-line-id={line.id}
      data-stream={line.stream}
      className={cn("border-l-2", stderr ? "border-l-red-400" : "border-l-transparent", open && "bg-slate-50/60 dark:bg-slate-800/30")}
    >
      <div className="group flex items-start gap-3 px-3 py-0.5 font-mono text-xs leading-5 hover:bg-slate-50 dark:hover:bg-slate-800/40">
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={open ? contextId : undefined}
          aria-label={`${open ? "Hide" : "Show"} context of the line at ${logTime(line.ts)}`}
          title="Show the lines around this one"
          onClick={() => setOpen((v) => !v)}
          className="mt-0.5 shrink-0 rounded text-slate-400 hover:text-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:hover:text-slate-200"
        >
          <ChevronRight className={cn("size-4 transition-transform", open && "rotate-90")} aria-hidden />
        </button>
        <time dateTime={line.ts} className="shrink-0 tabular-nums text-slate-500" title={new Date(line.ts).toString()}>
          {logTime(line.ts)}
        </time>
        <Source line={line} />
        <span
          className={cn("min-w-0 flex-1 whitespace-pre-wrap break-all", stderr && "text-red-700 dark:text-red-300")}
          data-testid="log-text"
        >
          {stderr && <span className="sr-only">stderr: </span>}
          <HighlightedText text={line.text} highlights={line.highlights} />
          {line.truncated && (
            <span className="ml-1 text-amber-600" title="The agent cut this line at 16 KiB">
              …
            </span>
          )}
        </span>
      </div>
      {open && (
        <>
          {onNarrow && (
            <div className="flex flex-wrap gap-2 px-10 pb-1.5 text-xs">
              <span className="text-slate-500">Narrow the search to this line&apos;s</span>
              <NarrowButton
                label="service"
                value={line.service}
                onClick={() => onNarrow({ field: "service", value: line.service, applicationId: line.applicationId })}
              />
              {line.task && (
                <NarrowButton
                  label="task"
                  value={line.task}
                  onClick={() => onNarrow({ field: "task", value: line.task ?? "", applicationId: line.applicationId })}
                />
              )}
              <NarrowButton
                label="store"
                value={line.store}
                onClick={() => onNarrow({ field: "store", value: line.store, applicationId: line.applicationId })}
              />
            </div>
          )}
          <LogContextView line={line} id={contextId} onClose={close} />
        </>
      )}
    </li>
  );
}

function Source({ line }: { line: LogLineView }) {
  const name = `${line.application}/${line.service}`;
  return (
    <span
      className="w-40 shrink-0 truncate text-sky-700 dark:text-sky-400"
      title={`${name} · store ${line.store}${line.task ? ` · task ${line.task}` : ""}`}
    >
      {name}
      <span className="text-slate-400"> {line.store}</span>
    </span>
  );
}

function NarrowButton({ label, value, onClick }: { label: string; value: string; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="rounded border border-slate-300 px-1.5 font-mono hover:bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-slate-600 dark:hover:bg-slate-800"
    >
      {label} <strong>{value.length > 24 ? `${value.slice(0, 24)}…` : value}</strong>
    </button>
  );
}
