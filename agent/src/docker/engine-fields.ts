/**
 * Fields the Engine API may omit or send as null, read as their empty value, so the rest of the
 * agent never tests for absence: the building blocks of every Engine response schema.
 */
import { z } from "zod";

export const engineText = z
  .string()
  .nullish()
  .transform((v) => v ?? "");

export const engineStringMap = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

export const engineStringList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

/** A container of GET /containers/json: its id, state ("running", "exited"…) and labels. */
export const listedContainerSchema = z.object({ Id: z.string(), State: engineText, Labels: engineStringMap });
