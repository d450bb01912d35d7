/**
 * Where collection stands in each source — the read positions the buffer persists together with
 * the lines they led to (one write holds both), so that after a restart the agent neither misses
 * nor collects again a line it had buffered.
 */
import { z } from "zod";

export const stdoutPositionSchema = z.object({
  /** Engine timestamp (normalised, log-text.ts) of the last log message taken into a line. */
  ts: z.string().max(64),
  /** How many messages carrying exactly `ts` were taken (the engine's `since` includes that instant). */
  n: z.number().int().nonnegative(),
  /** The container had stopped and its log was read to the end; set again to false when it runs again. */
  finished: z.boolean().optional(),
});
export type StdoutPosition = z.infer<typeof stdoutPositionSchema>;

export const filePositionSchema = z.object({
  container: z.string().max(128),
  store: z.string().max(64),
  /** Path inside the container where the file was last seen. */
  path: z.string().max(1024),
  /** Device and inode, as decimal strings (overlayfs inode numbers can pass 2^53). */
  dev: z.string().max(24),
  ino: z.string().max(24),
  /** Bytes of the file already turned into lines (a partial last line is not). */
  offset: z.number().int().nonnegative(),
  /** A line longer than the limit was cut; its rest, up to the next newline, is being skipped. */
  skipping: z.boolean().optional(),
  /** Base64 of the file's first bytes (at most 64): tells a reused inode from the file that had it. */
  head: z.string().max(128).optional(),
});
export type FilePosition = z.infer<typeof filePositionSchema>;

export const collectPositionsSchema = z.object({
  /** By container id. */
  stdout: z.record(z.string(), stdoutPositionSchema),
  /** By fileKey(). */
  files: z.record(z.string(), filePositionSchema),
});
export type CollectPositions = z.infer<typeof collectPositionsSchema>;

export const emptyPositions = (): CollectPositions => ({ stdout: {}, files: {} });

/** One followed file: a store's view of one inode of one container (two stores may follow the same file). */
export function fileKey(container: string, store: string, dev: string, ino: string): string {
  return `${container}/${store}/${dev}/${ino}`;
}
