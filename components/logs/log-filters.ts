/**
 * The Logs page's filters as a person sets them (a draft: text boxes, selects, a time range preset
 * or a custom range) and as the API takes them (LogFilters, with `from`/`to` resolved to instants).
 * The draft is also the page's URL query, so a search can be reloaded or shared.
 */
import type { LogFilters } from "@/lib/schemas/logs";

export const RANGE_PRESETS = [
  { id: "15m", label: "Last 15 min", ms: 15 * 60_000 },
  { id: "1h", label: "Last hour", ms: 3_600_000 },
  { id: "6h", label: "Last 6 hours", ms: 6 * 3_600_000 },
  { id: "24h", label: "Last 24 hours", ms: 24 * 3_600_000 },
  { id: "7d", label: "Last 7 days", ms: 7 * 24 * 3_600_000 },
  { id: "30d", label: "Last 30 days", ms: 30 * 24 * 3_600_000 },
] as const;
export type RangeId = (typeof RANGE_PRESETS)[number]["id"] | "custom";

export const STREAMS = ["stdout", "stderr", "file"] as const;
type Stream = (typeof STREAMS)[number];

export type FilterDraft = {
  q: string;
  applicationId: string;
  service: string;
  task: string;
  store: string;
  stream: Stream | "";
  range: RangeId;
  /** Custom range: datetime-local values ("2026-12-03T10:15"), in the browser's time zone. */
  from: string;
  to: string;
};

export const EMPTY_DRAFT: FilterDraft = {
  q: "",
  applicationId: "",
  service: "",
  task: "",
  store: "",
  stream: "",
  range: "1h",
  from: "",
  to: "",
};

const TEXT_KEYS = ["q", "applicationId", "service", "task", "store"] as const;
const isRange = (v: string): v is RangeId => v === "custom" || RANGE_PRESETS.some((p) => p.id === v);
const isStream = (v: string): v is Stream => (STREAMS as readonly string[]).includes(v);

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** The draft a URL query describes (unknown values fall back to the defaults). */
export function draftFromParams(params: Params): FilterDraft {
  const draft: FilterDraft = { ...EMPTY_DRAFT };
  for (const key of TEXT_KEYS) draft[key] = first(params[key]);
  const stream = first(params.stream);
  if (isStream(stream)) draft.stream = stream;
  const range = first(params.range);
  if (isRange(range)) draft.range = range;
  if (draft.range === "custom") {
    draft.from = first(params.from);
    draft.to = first(params.to);
  }
  return draft;
}

/** The URL query of a draft: only what is set, so a plain search has a short address. */
export function draftToParams(draft: FilterDraft): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of TEXT_KEYS) if (draft[key].trim()) out.set(key, draft[key].trim());
  if (draft.stream) out.set("stream", draft.stream);
  if (draft.range !== EMPTY_DRAFT.range) out.set("range", draft.range);
  if (draft.range === "custom") {
    if (draft.from) out.set("from", draft.from);
    if (draft.to) out.set("to", draft.to);
  }
  return out;
}

/** A datetime-local value as an ISO instant; null when it is not a date. */
function instant(local: string): string | null {
  if (!local) return null;
  const t = new Date(local).getTime();
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** A Date as a datetime-local value (minutes), in the browser's time zone. */
export function toLocalInput(t: number): string {
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export type Resolved = { filters: LogFilters; error: null } | { filters: null; error: { field: "from" | "to"; message: string } };

/**
 * The API's filters for a draft at `now`: a preset becomes [now - preset, now). A custom range
 * needs a valid start; its end defaults to now (left open). Empty fields are left out.
 */
export function resolveFilters(draft: FilterDraft, now = Date.now()): Resolved {
  const filters: LogFilters = {};
  for (const key of TEXT_KEYS) {
    const value = draft[key].trim();
    if (value) filters[key] = value;
  }
  if (draft.stream) filters.stream = draft.stream;
  if (draft.range === "custom") {
    const from = instant(draft.from);
    const to = draft.to ? instant(draft.to) : null;
    if (!from) return { filters: null, error: { field: "from", message: "Enter the start of the range" } };
    if (draft.to && !to) return { filters: null, error: { field: "to", message: "Not a valid date" } };
    if (to && to <= from) return { filters: null, error: { field: "to", message: "The end must be after the start" } };
    filters.from = from;
    if (to) filters.to = to;
  } else {
    // The end is pinned too: the result set (its pages, its download) is what was written until the search.
    const preset = RANGE_PRESETS.find((p) => p.id === draft.range) ?? RANGE_PRESETS[1];
    filters.from = new Date(now - preset.ms).toISOString();
    filters.to = new Date(now).toISOString();
  }
  return { filters, error: null };
}

/** Whether anything narrows the search besides the time range (for the "no match" hint). */
export const narrowed = (draft: FilterDraft) => TEXT_KEYS.some((k) => draft[k].trim() !== "") || draft.stream !== "";
