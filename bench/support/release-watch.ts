/**
 * Watching a release from the outside for the release bench: its state through the domain view
 * (what the API returns), and the weights HAProxy really holds, read from its own admin socket.
 */
import type { OrgContext } from "@/lib/auth/context";
import { getRelease } from "@/lib/domain/releases/release-view";
import { FINISHED_RELEASE_STATES, type ReleaseState, type ReleaseView } from "@/lib/schemas/releases";
import { haproxyShare } from "./task-pool";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A release that ended otherwise than expected, or did not get there in time: its view (with its events) goes with it. */
export class ReleaseOutcomeError extends Error {
  constructor(
    message: string,
    readonly release: ReleaseView,
  ) {
    super(message);
  }
}

type WaitOptions = {
  ctx: OrgContext;
  releaseId: string;
  states: readonly ReleaseState[];
  step?: string;
  timeoutMs?: number;
  onPoll?: (view: ReleaseView) => void;
};

/** Polls the release until it is in one of `states` (and at `step`, in words); fails fast when it finishes otherwise. */
export async function waitForRelease({ ctx, releaseId, states, step, timeoutMs = 420_000, onPoll }: WaitOptions): Promise<ReleaseView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await getRelease({ orgId: ctx.orgId, releaseId });
    onPoll?.(view);
    if (states.includes(view.state) && (!step || view.step === step)) return view;
    const want = `${states.join("/")}${step ? ` (${step})` : ""}`;
    if (FINISHED_RELEASE_STATES.includes(view.state))
      throw new ReleaseOutcomeError(
        `release #${view.number} ended ${view.state}, expected ${want}${view.error ? `: ${view.error}` : ""}`,
        view,
      );
    if (Date.now() > deadline)
      throw new ReleaseOutcomeError(
        `release #${view.number} not ${want} within ${timeoutMs / 1000} s; it is ${view.state} (${view.step})`,
        view,
      );
    await sleep(250);
  }
}

/** The release's timeline, one line each, timed from its start. */
export function eventLines(view: ReleaseView, kinds?: readonly string[]): string[] {
  const start = Date.parse(view.createdAt);
  return view.events
    .filter((e) => !kinds || kinds.includes(e.kind))
    .map((e) => {
      const figures = e.figures ? ` [${figureText(e.figures)}]` : "";
      return `+${((Date.parse(e.at) - start) / 1000).toFixed(1).padStart(6)} s  ${e.kind.padEnd(11)} ${e.actor === "system" ? "" : `(${e.actor}) `}${e.message}${figures}`;
    });
}

function figureText(figures: NonNullable<ReleaseView["events"][number]["figures"]>): string {
  return (["blue", "green"] as const)
    .map((c) => {
      const f = figures[c];
      if (!f) return null;
      const rate = f.errorRate === null ? "–" : `${(f.errorRate * 100).toFixed(1)} %`;
      return `${c}: ${f.requests} req, errors ${rate}, p95 ${f.p95Ms ?? "–"} ms, weight ${f.weight.toFixed(0)} %`;
    })
    .filter((s): s is string => s !== null)
    .join("; ");
}

/**
 * Milliseconds from `since` until HAProxy's weights give the servers of `tasks` `target` % (±1.5
 * points: integer weights cannot always hit it exactly), sampled every 20 ms; null when not within `timeoutMs`.
 */
export async function timeUntilShare({
  socket,
  backend,
  tasks,
  target,
  since,
  timeoutMs,
}: {
  socket: string;
  backend: RegExp;
  tasks: ReadonlySet<string>;
  target: number;
  since: number;
  timeoutMs: number;
}): Promise<number | null> {
  while (Date.now() - since < timeoutMs) {
    const share = await haproxyShare(socket, backend, tasks).catch(() => NaN);
    if (Math.abs(share - target) < 1.5) return Date.now() - since;
    await sleep(20);
  }
  return null;
}
