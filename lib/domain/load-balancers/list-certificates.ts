import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { certificateSelect, certificateView } from "./certificate-view";

export async function listCertificates({ orgId, clusterId }: { orgId: string; clusterId: string }) {
  const cluster = await prisma.cluster.findFirst({ where: { id: clusterId, orgId }, select: { id: true } });
  if (!cluster) throw notFound("Cluster");
  const rows = await prisma.certificate.findMany({
    where: { orgId, clusterId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: certificateSelect,
  });
  return { items: rows.map(certificateView) };
}
