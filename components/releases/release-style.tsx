import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/cn";
import type { Colour, ReleaseState, ReleaseStrategy } from "@/lib/schemas/releases";

/**
 * One look per colour across the release screens (cards, slider ends, chart lines, tags), so
 * "blue" and "green" read the same everywhere. Blue is sky-toned to stay apart from the brand blue
 * of links and buttons; green is emerald.
 */
export const COLOUR_STYLE: Record<Colour, { label: string; text: string; border: string; soft: string; dot: string; stroke: string }> = {
  blue: {
    label: "Blue",
    text: "text-sky-700 dark:text-sky-300",
    border: "border-sky-500",
    soft: "bg-sky-50 dark:bg-sky-950/40",
    dot: "bg-sky-500",
    stroke: "#0284c7",
  },
  green: {
    label: "Green",
    text: "text-emerald-700 dark:text-emerald-300",
    border: "border-emerald-500",
    soft: "bg-emerald-50 dark:bg-emerald-950/40",
    dot: "bg-emerald-500",
    stroke: "#059669",
  },
};

export function ColourTag({ colour, className }: { colour: Colour; className?: string }) {
  const style = COLOUR_STYLE[colour];
  return (
    <span className={cn("inline-flex items-center gap-1.5 font-medium", style.text, className)}>
      <span className={cn("size-2.5 rounded-full", style.dot)} aria-hidden />
      {style.label}
    </span>
  );
}

const STATE_TONE = {
  pending: "gray",
  deploying: "blue",
  verifying: "yellow",
  promoting: "blue",
  "rolling-back": "yellow",
  done: "green",
  failed: "red",
  aborted: "gray",
} as const satisfies Record<ReleaseState, string>;

export function ReleaseStateBadge({ state }: { state: ReleaseState }) {
  return <Badge tone={STATE_TONE[state]}>{state}</Badge>;
}

export const STRATEGY_LABEL: Record<ReleaseStrategy, string> = {
  rolling: "Rolling (load balancer)",
  "blue-green": "Blue-green",
  canary: "Canary",
};

export const versionLabel = (v: number | null) => (v === null ? "—" : `v${v}`);
