/** Figures as the release screens print them; null (no requests, no sample) is a dash. */
export const formatRate = (rps: number | null | undefined) =>
  rps === null || rps === undefined ? "—" : rps >= 100 ? rps.toFixed(0) : rps.toFixed(1);

/** An error rate (0..1) as a percentage with one decimal. */
export const formatErrorRate = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;

export const formatMs = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? "—" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;

/** Wall-clock time of an event, seconds included (a release's steps are seconds apart). */
export const clockTime = (iso: string) => new Date(iso).toLocaleTimeString("en-GB", { hour12: false });

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
