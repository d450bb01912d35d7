"use client";

import { Search } from "lucide-react";
import { useEffect, useId, useRef, type ComponentProps, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ChoiceSelect } from "@/components/ui/choice-select";
import { COMPACT_CONTROL, CompactInput } from "@/components/ui/compact-input";
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

/** A filter's select under its label; the empty choice means no filter. */
function FilterSelect({ label, ...select }: { label: string } & ComponentProps<typeof ChoiceSelect>) {
  return <Labelled label={label}>{(id) => <ChoiceSelect id={id} className={COMPACT_CONTROL} {...select} />}</Labelled>;
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
        <FilterSelect
          label="Application"
          value={draft.applicationId}
          none="All"
          choices={applications.map((a) => ({ value: a.id, label: a.name }))}
          onChange={(applicationId) => {
            const next = applications.find((a) => a.id === applicationId);
            const keepService = !next || next.services.some((s) => s.name === draft.service);
            set({ applicationId, service: keepService ? draft.service : "", store: keepService ? draft.store : "" }, true);
          }}
        />
        <FilterSelect
          label="Service"
          value={draft.service}
          none="All"
          choices={services.map((s) => ({ value: s, label: s }))}
          onChange={(service) => set({ service }, true)}
        />
        <FilterSelect
          label="Store"
          value={draft.store}
          none="All"
          choices={storeNames.map((s) => ({ value: s, label: s }))}
          onChange={(store) => set({ store }, true)}
        />
        <FilterSelect
          label="Stream"
          value={draft.stream}
          none="Any"
          choices={STREAMS.map((s) => ({ value: s, label: s === "file" ? "files" : s }))}
          onChange={(stream) => set({ stream: stream as FilterDraft["stream"] }, true)}
        />
        <Labelled label="Task">
          {(id) => (
            <Input
              id={id}
              className={`${COMPACT_CONTROL} font-mono`}
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
              className={COMPACT_CONTROL}
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
      <CompactInput id={id} type="datetime-local" value={value} onChange={(e) => onChange(e.target.value)} error={error} />
    </div>
  );
}
