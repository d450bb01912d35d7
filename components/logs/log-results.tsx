"use client";

import { Download, SearchX } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { LOG_DOWNLOAD_LINES, logDownloadUrl, useLogSearch } from "@/lib/query/use-logs";
import type { LogFilters, LogSearchResult } from "@/lib/schemas/logs";
import { plural } from "./format";
import { LogLineRow, type NarrowBy } from "./log-line-row";

const linkButton =
  "inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";

/** How the API read the query: words searched as words, quoted parts as substrings. */
function QueryReading({ query }: { query: LogSearchResult["query"] }) {
  if (!query.words.length && !query.substrings.length) return null;
  return (
    <span className="text-xs text-slate-500" data-testid="query-reading">
      {query.words.length > 0 && (
        <>
          words{" "}
          {query.words.map((w) => (
            <code key={w} className="mx-0.5 rounded bg-slate-100 px-1 dark:bg-slate-800">
              {w}
            </code>
          ))}
        </>
      )}
      {query.words.length > 0 && query.substrings.length > 0 && " · "}
      {query.substrings.length > 0 && (
        <>
          text{" "}
          {query.substrings.map((s) => (
            <code key={s} className="mx-0.5 rounded bg-slate-100 px-1 dark:bg-slate-800">
              &quot;{s}&quot;
            </code>
          ))}
        </>
      )}
    </span>
  );
}

/** Search results, newest first, a page at a time; the same filters download as a file. */
export function LogResults({ filters, narrowed, onNarrow }: { filters: LogFilters; narrowed: boolean; onNarrow: (by: NarrowBy) => void }) {
  const search = useLogSearch(filters);
  const pages = search.data?.pages ?? [];
  const lines = pages.flatMap((p) => p.items);
  const reading = pages[0]?.query;
  if (search.error && !search.data)
    return (
      <div className="p-4">
        <Alert title="The search failed">{search.error.message}</Alert>
      </div>
    );
  if (search.isPending)
    return (
      <p className="p-4 text-sm text-slate-500" role="status">
        Searching…
      </p>
    );
  if (!lines.length) {
    return (
      <EmptyState icon={<SearchX className="size-8" aria-hidden />} title="No lines match">
        <p>
          Nothing was written in this time range{filters.q || narrowed ? " that matches" : ""}. Try a longer range
          {narrowed ? ", fewer filters" : ""}
          {filters.q ? ", or fewer words: each word must occur as a whole word; put part of a word in quotes to match it as text" : ""}.
        </p>
      </EmptyState>
    );
  }
  return (
    <div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <p className="text-sm" role="status" data-testid="result-count">
          <strong>{plural(lines.length, "line")}</strong>
          {search.hasNextPage ? " so far" : ""}, newest first
        </p>
        {reading && <QueryReading query={reading} />}
        <div className="ml-auto flex items-center gap-2">
          <span className="text-xs text-slate-500">Download up to {LOG_DOWNLOAD_LINES.toLocaleString("en")} lines:</span>
          <a className={linkButton} href={logDownloadUrl(filters, "text")} download data-testid="download-text">
            <Download className="size-3.5" aria-hidden />
            Text
          </a>
          <a className={linkButton} href={logDownloadUrl(filters, "ndjson")} download data-testid="download-ndjson">
            <Download className="size-3.5" aria-hidden />
            NDJSON
          </a>
        </div>
      </div>
      <ol
        aria-label="Log lines, newest first"
        className="divide-y divide-slate-100 py-1 dark:divide-slate-800/60"
        data-testid="log-results"
      >
        {lines.map((line) => (
          <LogLineRow key={line.id} line={line} onNarrow={onNarrow} />
        ))}
      </ol>
      <div className="flex items-center justify-center border-t border-slate-200 p-3 dark:border-slate-800">
        {search.hasNextPage ? (
          <Button variant="secondary" busy={search.isFetchingNextPage} onClick={() => search.fetchNextPage()}>
            Load older lines
          </Button>
        ) : (
          <p className="text-xs text-slate-500">No older lines in this time range.</p>
        )}
      </div>
      {search.isFetchNextPageError && (
        <div className="px-4 pb-4">
          <Alert title="Older lines could not be loaded">{search.error?.message}</Alert>
        </div>
      )}
    </div>
  );
}
