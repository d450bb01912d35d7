"use client";

import { Search } from "lucide-react";
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { Application } from "@/lib/schemas/applications";
import type { LogStoreView } from "@/lib/schemas/logs";
import { RANGE_PRESETS, STREAMS, type FilterDraft, type RangeId } from "./log-filters";

type Props = {
  draft: FilterDraft;
  applications: Application[];
  stores: LogStoreView[];
  /** Time range problem of a custom range (shown under the field). */
  rangeError: { field: "from" | "to"; message: string } | null;
  live: boolean;
  /** Set the draft; `apply` also runs the search (selects apply at once, text on Enter). */
  onChange: (draft: FilterDraft, apply: boolean) => void;
  onSearch: () => void;
  /** The live tail's switch, next to the Search button. */
  liveToggle: ReactNode;
};

const unique = (values: string[]) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

function Labelled({ label, children, className }: { label: string; children: (id: string) => ReactNode; className?: string }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-300">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

/**
 * The search box and the filters. Enter in any text box searches; a select searches as soon as it
 * changes. Service and store offer what the chosen application declares.
 */
export function LogFilterBar({ draft, applications, stores, rangeError, live, onChange, onSearch, liveToggle }: Props) {
  const app = applications.find((a) => a.id === draft.applicationId);
  const inScope = stores.filter(
    (s) => (!draft.applicationId || s.applicationId === draft.applicationId) && (!draft.service || s.service === draft.service),
  );
  const services = unique([
    ...(app ? app.services.map((s) => s.name) : stores.map((s) => s.service)),
    ...(draft.service ? [draft.service] : []),
  ]);
  const storeNames = unique([...inScope.map((s) => s.name), ...(draft.store ? [draft.store] : [])]);
  const set = (patch: Partial<FilterDraft>, apply: boolean) => onChange({ ...draft, ...patch }, apply);
  const submit = (e: FormEvent) => (e.preventDefault(), onSearch());
  const box = useRef<HTMLInputElement>(null);
  // "/" anywhere on the page (outside a text field) jumps to the search box, as in most log viewers.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || target?.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      box.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  const small = "py-1.5";
  return (
    <form role="search" aria-label="Log search" onSubmit={submit} className="space-y-3 p-4">
      <div className="flex gap-2">
        <div className="relative flex-1">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
          <Input
            ref={box}
            type="search"
            title="Search (press / to come back here)"
            aria-label="Search text"
            placeholder='Words, or "exact text" in quotes (e.g. timeout "user 42")'
            value={draft.q}
            onChange={(e) => set({ q: e.target.value }, false)}
            className="pl-9 font-mono"
            autoFocus
          />
        </div>
        <Button type="submit">{live ? "Apply" : "Search"}</Button>
        {liveToggle}
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[1fr_1fr_1fr_1fr_1fr_1.3fr]">
        <Labelled label="Application">
          {(id) => (
            <Select
              id={id}
              className={small}
              value={draft.applicationId}
              onChange={(e) => {
                const next = applications.find((a) => a.id === e.target.value);
                const keepService = !next || next.services.some((s) => s.name === draft.service);
                set(
                  { applicationId: e.target.value, service: keepService ? draft.service : "", store: keepService ? draft.store : "" },
                  true,
                );
              }}
            >
              <option value="">All</option>
              {applications.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
        <Labelled label="Service">
          {(id) => (
            <Select id={id} className={small} value={draft.service} onChange={(e) => set({ service: e.target.value }, true)}>
              <option value="">All</option>
              {services.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
        <Labelled label="Store">
          {(id) => (
            <Select id={id} className={small} value={draft.store} onChange={(e) => set({ store: e.target.value }, true)}>
              <option value="">All</option>
              {storeNames.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
        <Labelled label="Stream">
          {(id) => (
            <Select
              id={id}
              className={small}
              value={draft.stream}
              onChange={(e) => set({ stream: e.target.value as FilterDraft["stream"] }, true)}
            >
              <option value="">Any</option>
              {STREAMS.map((s) => (
                <option key={s} value={s}>
                  {s === "file" ? "files" : s}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
        <Labelled label="Task">
          {(id) => (
            <Input
              id={id}
              className={`${small} font-mono`}
              placeholder="task id"
              value={draft.task}
              onChange={(e) => set({ task: e.target.value }, false)}
            />
          )}
        </Labelled>
        <Labelled label="Time range">
          {(id) => (
            <Select
              id={id}
              className={small}
              value={draft.range}
              disabled={live}
              title={live ? "The live tail follows new lines" : undefined}
              onChange={(e) => set({ range: e.target.value as RangeId }, e.target.value !== "custom")}
            >
              {RANGE_PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
              <option value="custom">Custom…</option>
            </Select>
          )}
        </Labelled>
      </div>
      {draft.range === "custom" && !live && (
        <div className="flex flex-wrap items-start gap-3">
          <DateField
            label="From"
            value={draft.from}
            error={rangeError?.field === "from" ? rangeError.message : undefined}
            onChange={(from) => set({ from }, false)}
          />
          <DateField
            label="To (empty: now)"
            value={draft.to}
            error={rangeError?.field === "to" ? rangeError.message : undefined}
            onChange={(to) => set({ to }, false)}
          />
          <p className="self-end pb-2 text-xs text-slate-500">In your time zone. Press Enter or Search to apply.</p>
        </div>
      )}
    </form>
  );
}

function DateField({ label, value, error, onChange }: { label: string; value: string; error?: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-300">
        {label}
      </label>
      <Input
        id={id}
        type="datetime-local"
        className="py-1.5"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
