/**
 * TLS certificates for the cluster's routing tier (https routes on 443): an uploaded PEM
 * certificate and key, checked by parseCertificate; the key is encrypted at rest and never
 * returned. The traffic sync hands the certificates to HAProxy.
 */
import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { UploadCertificateInput } from "@/lib/schemas/load-balancers";
import { auditChange } from "../audit/record-audit";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import { certificateSelect, certificateView } from "./certificate-view";
import { lockCluster } from "./lock-cluster";
import { parseCertificate } from "./parse-certificate";

/** A name from the first domain: "*.example.com" → "wildcard.example.com". */
const defaultName = (domain: string) =>
  domain
    .replace(/^\*\./, "wildcard.")
    .replace(/[^A-Za-z0-9_.-]/g, "-")
    .slice(0, 63);

export async function uploadCertificate({
  ctx,
  clusterId,
  input,
  log,
}: {
  ctx: OrgContext;
  clusterId: string;
  input: UploadCertificateInput;
  log?: Logger;
}) {
  const parsed = parseCertificate({ certificate: input.certificate, privateKey: input.privateKey });
  const name = input.name ?? defaultName(parsed.domains[0] ?? "certificate");
  const created = await prisma.$transaction(async (tx) => {
    await lockCluster(tx, ctx.orgId, clusterId);
    const taken = await tx.certificate.findFirst({ where: { clusterId, name }, select: { id: true } });
    if (taken)
      throw new AppError("CONFLICT", `This cluster already has a certificate named ${name}; delete it first or choose another name`);
    const row = await tx.certificate.create({
      data: {
        orgId: ctx.orgId,
        clusterId,
        name,
        domains: parsed.domains,
        certPem: parsed.certPem,
        keyEnc: encryptSecret(parsed.keyPem),
        notAfter: parsed.notAfter,
      },
      select: certificateSelect,
    });
    await markTrafficChanged(clusterId, tx);
    // Listener specs name no certificate contents: make the next sync send the https listeners again.
    await tx.loadBalancer.updateMany({ where: { clusterId: clusterId, routing: true }, data: { lastSyncAt: null } });
    await auditChange(tx, ctx, "certificate.upload", row.id, {
      cluster: clusterId,
      name,
      domains: parsed.domains,
      notAfter: parsed.notAfter.toISOString(),
      fingerprint256: parsed.fingerprint256,
    });
    return row;
  });
  await enqueueTrafficSync(clusterId, log);
  return certificateView(created);
}
