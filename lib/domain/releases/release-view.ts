/** Releases as the API and the console show them (lib/schemas/releases.ts). */
import { prisma, type Prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import type { Colour, ReleaseFigures, ReleaseState, ReleaseStrategy, ReleaseView } from "@/lib/schemas/releases";
import { pageArgs, toPage } from "../pagination";
import { releaseServices } from "../traffic/release-split";
import { storedCanary, storedColourFigures, storedDecisionFigures } from "./release-columns";
import { RELEASE_CORE_SELECT } from "./release-context";

const STRATEGY: Record<string, ReleaseStrategy> = { ROLLING: "rolling", BLUE_GREEN: "blue-green", CANARY: "canary" };
const STATE: Record<string, ReleaseState> = {
  PENDING: "pending",
  DEPLOYING: "deploying",
  VERIFYING: "verifying",
  PROMOTING: "promoting",
  ROLLING_BACK: "rolling-back",
  DONE: "done",
  FAILED: "failed",
  ABORTED: "aborted",
};

/** What each internal step means to a person watching. */
const STEP_WORDS: Record<string, string> = {
  start: "Queued",
  apply: "Starting the new version",
  healthy: "Waiting for the new tasks to pass their health checks",
  hold: "Waiting for your decision",
  canary: "Holding a canary step",
  "scale-up": "Starting a new task",
  "await-new": "Waiting for the new task to take traffic",
  drain: "Draining an old task",
  "drain-wait": "Waiting for the old task's requests to finish",
  "stop-old": "Stopping the drained task",
  shift: "Moving all traffic",
  "drain-old": "Draining the old colour",
  "remove-old": "Removing the old colour",
  restore: "Restoring the old version",
  "drain-new": "Draining the new colour",
  "remove-new": "Removing the new colour",
  done: "Finished",
};

const viewSelect = {
  ...RELEASE_CORE_SELECT,
  requested: true,
  error: true,
  actorLabel: true,
  createdAt: true,
  updatedAt: true,
  finishedAt: true,
  application: { select: { name: true } },
} as const satisfies Prisma.ReleaseSelect;

type ViewRow = Prisma.ReleaseGetPayload<{ select: typeof viewSelect }>;

async function versionNumbers(rows: ViewRow[]): Promise<Map<string, number>> {
  const ids = [...new Set(rows.flatMap((r) => [r.fromVersionId, r.toVersionId]))];
  const versions = await prisma.templateVersion.findMany({ where: { id: { in: ids } }, select: { id: true, version: true } });
  return new Map(versions.map((v) => [v.id, v.version]));
}

const colour = (value: string): Colour => (value === "green" ? "green" : "blue");

function toSummary(row: ViewRow, versions: Map<string, number>): Omit<ReleaseView, "events"> {
  const state = STATE[row.state] ?? "pending";
  return {
    id: row.id,
    applicationId: row.applicationId,
    applicationName: row.application.name,
    number: row.number,
    strategy: STRATEGY[row.strategy] ?? "rolling",
    state,
    step: STEP_WORDS[row.step] ?? row.step,
    phase: row.step,
    requested: row.requested?.startsWith("promote") ? "promote" : row.requested?.startsWith("rollback") ? "rollback" : null,
    fromVersion: versions.get(row.fromVersionId) ?? null,
    toVersion: versions.get(row.toVersionId) ?? 0,
    fromColour: colour(row.fromColour),
    toColour: colour(row.toColour),
    services: releaseServices(row.services).map((s) => ({ name: s.name, from: s.from, to: s.to })),
    toWeight: row.toWeight,
    canary: storedCanary(row.canary),
    stepIndex: row.stepIndex,
    stepStartedAt: row.stepStartedAt.toISOString(),
    error: row.error,
    actor: row.actorLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function getRelease({ orgId, releaseId }: { orgId: string; releaseId: string }): Promise<ReleaseView> {
  const row = await prisma.release.findFirst({ where: { id: releaseId, orgId }, select: viewSelect });
  if (!row) throw notFound("Release");
  const events = await prisma.releaseEvent.findMany({ where: { releaseId }, orderBy: [{ at: "asc" }, { id: "asc" }], take: 1000 });
  return {
    ...toSummary(row, await versionNumbers([row])),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      actor: e.actor,
      kind: e.kind,
      message: e.message,
      figures: storedDecisionFigures(e.figures),
    })),
  };
}

export async function listReleases({ orgId, applicationId, page }: { orgId: string; applicationId?: string; page: PaginationQuery }) {
  const rows = await prisma.release.findMany({
    where: { orgId, ...(applicationId ? { applicationId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: viewSelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  const versions = await versionNumbers(items);
  return { items: items.map((r) => toSummary(r, versions)), nextCursor };
}

/** How far back the console's chart reaches. */
const HISTORY_MS = 30 * 60_000;

/** The recorded samples (every 2 s while the release runs); "live" is the newest of each colour. */
export async function getReleaseFigures({ orgId, releaseId }: { orgId: string; releaseId: string }): Promise<ReleaseFigures> {
  const release = await prisma.release.findFirst({ where: { id: releaseId, orgId }, select: { id: true, finishedAt: true } });
  if (!release) throw notFound("Release");
  const until = release.finishedAt ?? new Date();
  const rows = await prisma.releaseSample.findMany({
    where: { releaseId, at: { gte: new Date(until.getTime() - HISTORY_MS) } },
    orderBy: { at: "asc" },
    take: 5000,
  });
  const samples = rows.flatMap((r) => {
    const figures = storedColourFigures(r.figures);
    return figures ? [{ at: r.at.toISOString(), colour: colour(r.colour), figures }] : [];
  });
  const newest = (c: Colour) => [...samples].reverse().find((s) => s.colour === c)?.figures ?? null;
  return { at: new Date().toISOString(), available: samples.length > 0, live: { blue: newest("blue"), green: newest("green") }, samples };
}
