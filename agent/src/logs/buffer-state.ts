/**
 * The log buffer's directory as the agent finds it at start: its epoch (epoch.json, made once; a
 * buffer without a valid one starts over, since its seqs could not be told from a new epoch's),
 * the acknowledged seq (acked.json) and the segments, recovered to their last checkpoint.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { LogLine } from "@/lib/protocol/logs";
import type { Logger } from "../log/logger";
import { initialCheckpoint, recoverSegments, type SegmentName } from "./buffer-segments";
import type { CollectPositions } from "./positions";

export type ClosedSegment = SegmentName & { last: number; bytes: number };

export type BufferState = {
  epoch: string;
  nextSeq: number;
  dropped: number;
  acked: number;
  positions: CollectPositions;
  closed: ClosedSegment[];
  /** The segment to append to (opened by the buffer), with its durable lines. */
  open: { first: number; file: string; bytes: number; lines: LogLine[]; sizes: number[] } | null;
};

const epochSchema = z.object({ epoch: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
const ackedSchema = z.object({ epoch: z.string(), upTo: z.number().int() });

export async function loadBufferState(dir: string, log: Logger): Promise<BufferState> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let epoch = (await readJson(path.join(dir, "epoch.json"), epochSchema))?.epoch ?? null;
  if (!epoch) {
    for (const name of await readdir(dir)) if (name.startsWith("seg-")) await unlink(path.join(dir, name));
    epoch = randomBytes(12).toString("base64url");
    await writeAtomic(path.join(dir, "epoch.json"), JSON.stringify({ epoch }));
    log.info("log buffer created", { dir, epoch });
  }
  const recovered = await recoverSegments(dir);
  const ackedFile = await readJson(path.join(dir, "acked.json"), ackedSchema);
  const ackedUpTo = ackedFile?.epoch === epoch ? ackedFile.upTo : -1;
  let checkpoint = recovered.checkpoint;
  if (!checkpoint) {
    // only when every segment was unreadable: numbers go on after anything that may have been sent
    const highest = Math.max(ackedUpTo, ...recovered.closed.map((s) => s.last ?? -1));
    if (recovered.closed.length > 0) log.warn("log buffer: no checkpoint found; read positions start afresh", { dir });
    checkpoint = initialCheckpoint(highest + 1);
  }
  const acked = Math.min(ackedUpTo, checkpoint.nextSeq - 1);
  const closed: ClosedSegment[] = [];
  for (const name of recovered.closed) {
    const file = path.join(dir, name.file);
    const last = name.last ?? name.first - 1;
    if (last <= acked) await unlink(file);
    else closed.push({ ...name, last, bytes: (await stat(file)).size });
  }
  const open = recovered.open
    ? {
        first: recovered.open.name.first,
        file: path.join(dir, recovered.open.name.file),
        bytes: recovered.open.bytes,
        lines: recovered.open.lines,
        sizes: recovered.open.sizes,
      }
    : null;
  return { epoch, nextSeq: checkpoint.nextSeq, dropped: checkpoint.droppedTotal, acked, positions: checkpoint.positions, closed, open };
}

export function writeAcked(dir: string, epoch: string, upTo: number): Promise<void> {
  return writeAtomic(path.join(dir, "acked.json"), JSON.stringify({ epoch, upTo }));
}

async function readJson<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S> | null> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, file);
}

export function errorCode(error: unknown): string | undefined {
  const code: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
  return typeof code === "string" ? code : undefined;
}
