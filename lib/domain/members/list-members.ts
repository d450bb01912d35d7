import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";

export const memberSelect = {
  id: true,
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { email: true, name: true } },
} as const;

export function toMember(row: {
  id: string;
  userId: string;
  role: "OWNER" | "ADMIN" | "DEVELOPER" | "VIEWER";
  createdAt: Date;
  user: { email: string; name: string };
}) {
  return { id: row.id, userId: row.userId, role: row.role, createdAt: row.createdAt, email: row.user.email, name: row.user.name };
}

export async function listMembers({ orgId, page }: { orgId: string; page: PaginationQuery }) {
  const rows = await prisma.membership.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: memberSelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  return { items: items.map(toMember), nextCursor };
}
