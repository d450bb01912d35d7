"use client";

import { Radio } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Loading } from "@/components/ui/loading";
import { cn } from "@/lib/cn";
import { useApplications } from "@/lib/query/use-applications";
import { useLogStores } from "@/lib/query/use-logs";
import type { LogFilters } from "@/lib/schemas/logs";
import { LogFilterBar } from "./log-filter-bar";
import { draftToParams, narrowed, resolveFilters, type FilterDraft } from "./log-filters";
import type { NarrowBy } from "./log-line-row";
import { LogResults } from "./log-results";
import { LogTail } from "./log-tail";
import { NoLogStores } from "./no-log-stores";

/** "Live tail" on or off: a toggle button (aria-pressed), green while following. */
function LiveToggle({ live, onToggle }: { live: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      aria-pressed={live}
      onClick={onToggle}
      className={cn(
        "inline-flex shrink-0 items-center gap-2 rounded-md border px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500",
        live
          ? "border-emerald-600 bg-emerald-600 text-white hover:bg-emerald-700"
          : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
      )}
    >
      <Radio className="size-4" aria-hidden />
      Live tail
    </button>
  );
}

type RangeError = { field: "from" | "to"; message: string } | null;

/** The first search runs with the page; a draft whose custom range is wrong waits for a fix. */
function initialFilters(draft: FilterDraft): LogFilters | null {
  const resolved = resolveFilters(draft);
  return resolved.error ? null : resolved.filters;
}

/**
 * The Logs page: the filter bar over either the search results or the live tail. What was searched
 * is the page's address (reload or share it); selects search at once, text on Enter.
 */
export function LogsExplorer({ initialDraft, initialLive }: { initialDraft: FilterDraft; initialLive: boolean }) {
  const stores = useLogStores();
  const applications = useApplications();
  const [draft, setDraft] = useState(initialDraft);
  const [applied, setApplied] = useState<{ draft: FilterDraft; filters: LogFilters | null }>(() => ({
    draft: initialDraft,
    filters: initialFilters(initialDraft),
  }));
  const [rangeError, setRangeError] = useState<RangeError>(() => resolveFilters(initialDraft).error);
  const [live, setLive] = useState(initialLive);

  const remember = (next: FilterDraft, nextLive: boolean) => {
    const params = draftToParams(next);
    if (nextLive) params.set("live", "1");
    const query = params.toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  };

  const apply = (next: FilterDraft, following = live) => {
    // The live tail ignores the time range: a custom range being typed must not block it.
    const resolved = resolveFilters(following && next.range === "custom" ? { ...next, range: "1h" } : next);
    setRangeError(resolved.error);
    if (resolved.error) return;
    setApplied({ draft: next, filters: resolved.filters });
    remember(next, following);
  };

  const change = (next: FilterDraft, now: boolean) => {
    setDraft(next);
    if (now) apply(next);
  };

  const narrow = ({ field, value, applicationId }: NarrowBy) =>
    change({ ...draft, [field]: value, applicationId: applicationId ?? draft.applicationId }, true);

  /** Both ways the draft applies: what is typed is what is followed, or searched from now. */
  const toggleLive = () => {
    setLive(!live);
    apply(draft, !live);
  };

  if (stores.error) return <Alert title="The log stores could not be loaded">{stores.error.message}</Alert>;
  if (!stores.data) return <Loading />;
  if (!stores.data.items.length) return <NoLogStores />;
  return (
    <Card>
      <div className="border-b border-slate-200 dark:border-slate-800">
        <LogFilterBar
          draft={draft}
          applications={applications.data?.items ?? []}
          stores={stores.data.items}
          rangeError={rangeError}
          live={live}
          onChange={change}
          onSearch={() => apply(draft)}
          liveToggle={<LiveToggle live={live} onToggle={toggleLive} />}
        />
      </div>
      {applied.filters === null ? (
        <p className="p-4 text-sm text-slate-500">Fix the time range, then search.</p>
      ) : live ? (
        <LogTail filters={applied.filters} onNarrow={narrow} />
      ) : (
        <LogResults filters={applied.filters} narrowed={narrowed(applied.draft)} onNarrow={narrow} />
      )}
    </Card>
  );
}
