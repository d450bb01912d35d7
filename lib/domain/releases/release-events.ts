import { prisma, Prisma, type DbClient } from "@/lib/db";
import type { ColourFigures } from "@/lib/schemas/releases";
import { toJsonColumn } from "../json-column";

export type DecisionFigures = { blue: ColourFigures | null; green: ColourFigures | null };

/** The actor of the worker's own steps and decisions. */
export const SYSTEM_ACTOR = "system";

/** Appends to a release's timeline: every step and decision, with who took it and, for decisions, the figures. */
export async function recordReleaseEvent(
  releaseId: string,
  event: { actor?: string; kind: string; message: string; figures?: DecisionFigures | null },
  db: DbClient = prisma,
): Promise<void> {
  await db.releaseEvent.create({
    data: {
      releaseId,
      actor: event.actor ?? SYSTEM_ACTOR,
      kind: event.kind,
      message: event.message.slice(0, 2000),
      figures: event.figures ? toJsonColumn(event.figures) : Prisma.JsonNull,
    },
  });
}
