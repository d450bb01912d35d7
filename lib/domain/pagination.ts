/** Keyset pagination over cuid ids: fetch one extra row to know whether another page exists. */
import type { PaginationQuery } from "@/lib/schemas/common";

export function pageArgs({ limit, cursor }: PaginationQuery) {
  return { take: limit + 1, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) };
}

export function toPage<T extends { id: string }>(rows: T[], { limit }: Pick<PaginationQuery, "limit">) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
