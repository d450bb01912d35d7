import type { LogLineView } from "@/lib/schemas/logs";

type Segment = { text: string; match: boolean };

/**
 * A line's text cut at the API's match offsets ([start, end), UTF-16 units). Offsets are sorted and
 * merged first, and clamped to the text, so overlapping or stale ranges never garble the line.
 */
export function segments(text: string, highlights: LogLineView["highlights"]): Segment[] {
  const ranges = highlights
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: Segment[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (e <= at) continue;
    const start = Math.max(s, at);
    if (start > at) out.push({ text: text.slice(at, start), match: false });
    out.push({ text: text.slice(start, e), match: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}

/** The text with its matches marked (<mark>: screen readers announce them as highlighted). */
export function HighlightedText({ text, highlights }: { text: string; highlights: LogLineView["highlights"] }) {
  return (
    <>
      {segments(text, highlights).map((seg, i) =>
        seg.match ? (
          <mark key={i} data-testid="log-match" className="rounded-sm bg-amber-200 px-0.5 text-slate-900 dark:bg-amber-400/80">
            {seg.text}
          </mark>
        ) : (
          <span key={i}>{seg.text}</span>
        ),
      )}
    </>
  );
}
