import { prisma } from "@/lib/db";
import { retentionRuleSelect, retentionRuleView } from "./retention-view";

export async function listRetentionRules({ orgId }: { orgId: string }) {
  const rows = await prisma.retentionRule.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: retentionRuleSelect,
  });
  return { items: rows.map(retentionRuleView) };
}
