import { prisma } from "@/lib/db";
import { externalRegistrySelect } from "./external-view";

export async function listExternalRegistries({ orgId }: { orgId: string }) {
  const items = await prisma.externalRegistry.findMany({
    where: { orgId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: externalRegistrySelect,
  });
  return { items };
}
