import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { auditChange } from "../audit/record-audit";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";

/** Deletes a certificate; the next traffic sync takes it off the routing tier. */
export async function deleteCertificate({ ctx, certificateId, log }: { ctx: OrgContext; certificateId: string; log?: Logger }) {
  const clusterId = await prisma.$transaction(async (tx) => {
    const cert = await tx.certificate.findFirst({
      where: { id: certificateId, orgId: ctx.orgId },
      select: { id: true, clusterId: true, name: true, domains: true },
    });
    if (!cert) throw notFound("Certificate");
    await tx.certificate.delete({ where: { id: cert.id } });
    await markTrafficChanged(cert.clusterId, tx);
    // Listener specs name no certificate contents: make the next sync send the https listeners again.
    await tx.loadBalancer.updateMany({ where: { clusterId: cert.clusterId, routing: true }, data: { lastSyncAt: null } });
    await auditChange(tx, ctx, "certificate.delete", cert.id, { cluster: cert.clusterId, name: cert.name, domains: cert.domains });
    return cert.clusterId;
  });
  await enqueueTrafficSync(clusterId, log);
  return { ok: true as const };
}
