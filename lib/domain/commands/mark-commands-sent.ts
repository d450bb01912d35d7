import { prisma } from "@/lib/db";

export async function markCommandsSent({ ids }: { ids: string[] }) {
  if (ids.length === 0) return;
  await prisma.command.updateMany({ where: { id: { in: ids }, status: "PENDING" }, data: { status: "SENT", sentAt: new Date() } });
}
