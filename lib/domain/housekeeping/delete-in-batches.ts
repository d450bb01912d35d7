import { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";

export type BatchOptions = { batchSize?: number; maxBatches?: number; db?: DbClient };

/**
 * Deletes the rows of `table` whose ids `candidates` selects, a batch at a time: each batch is its
 * own short statement, so pruning a large backlog never holds locks or builds WAL for millions of
 * rows at once. `candidates` must select an "id" column and end without LIMIT (added here). At most
 * maxBatches run per call; the next run continues where this one stopped.
 */
export async function deleteInBatches(
  table: string,
  candidates: Prisma.Sql,
  { batchSize = 2_000, maxBatches = 500, db = prisma }: BatchOptions = {},
): Promise<number> {
  if (!/^[A-Za-z]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const deleted = await db.$executeRaw`DELETE FROM ${Prisma.raw(`"${table}"`)} WHERE id IN (${candidates} LIMIT ${batchSize})`;
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}
