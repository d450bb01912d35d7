import { prisma } from "@/lib/db";

export async function signOut({ sessionId }: { sessionId: string }) {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}
