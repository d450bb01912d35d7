import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { invitationSelect } from "./create-invitation";

export async function listInvitations({ orgId, page }: { orgId: string; page: PaginationQuery }) {
  const rows = await prisma.invitation.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: invitationSelect,
    ...pageArgs(page),
  });
  return toPage(rows, page);
}
