import { prisma } from "@/lib/db";
import { toSilenceView, silenceSelect } from "./silence-view";

/** Active and pending silences first (soonest end first), then those that ended in the last 30 days. */
export async function listAlertSilences({ orgId }: { orgId: string }) {
  const now = new Date();
  const rows = await prisma.alertSilence.findMany({
    where: { orgId, endsAt: { gt: new Date(now.getTime() - 30 * 86_400_000) } },
    orderBy: [{ endsAt: "asc" }, { id: "asc" }],
    select: silenceSelect,
    take: 500,
  });
  const ended = (r: { expiredAt: Date | null; endsAt: Date }) => (r.expiredAt !== null || r.endsAt <= now ? 1 : 0);
  return { items: rows.sort((a, b) => ended(a) - ended(b)).map((r) => toSilenceView(r, now)) };
}
