/**
 * Reads of a release's JSON columns (Release.canary, ReleaseEvent.figures, ReleaseSample.figures),
 * parsed rather than cast: Prisma hands them back as JsonValue. They were written by this code from
 * the same types, so a value that does not read is a row written otherwise, and reads as absent.
 */
import { z } from "zod";
import { colourFiguresSchema, releaseEventSchema, type CanaryParams, type ColourFigures } from "@/lib/schemas/releases";

// The stored parameters were validated when the release was planned (canaryParamsSchema, then a
// final 100 % step appended, which may exceed that schema's limits): read their shape only.
const storedCanarySchema = z.object({
  steps: z.array(z.number()),
  holdSeconds: z.number(),
  maxErrorRate: z.number(),
  maxP95Ms: z.number(),
}) satisfies z.ZodType<CanaryParams>;

export type StoredDecisionFigures = z.infer<typeof releaseEventSchema.shape.figures>;

export function storedCanary(value: unknown): CanaryParams | null {
  const parsed = storedCanarySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The canary parameters a canary release runs with; a canary release without them cannot go on. */
export function requiredCanary(release: { id: string; canary: unknown }): CanaryParams {
  const params = storedCanary(release.canary);
  if (!params) throw new Error(`release ${release.id} has no readable canary parameters`);
  return params;
}

export function storedDecisionFigures(value: unknown): StoredDecisionFigures {
  const parsed = releaseEventSchema.shape.figures.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function storedColourFigures(value: unknown): ColourFigures | null {
  const parsed = colourFiguresSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
