/**
 * The start every load-balancer bench shares: the named cluster (from `npm run up`), its Ready node
 * labelled wharf.lb=true (it runs HAProxy), the owner's context, and the test image pushed into the
 * organisation's namespace of the hosted registry (never Docker Hub), with the token revoked by a
 * cleanup.
 */
import { prisma } from "@/lib/db";
import { createApiToken } from "@/lib/domain/tokens/create-api-token";
import { revokeApiToken } from "@/lib/domain/tokens/revoke-api-token";
import { LB_NODE_LABEL } from "@/lib/domain/traffic/lb-node-label";
import { registrySettings } from "@/lib/drivers/registry/settings";
import { docker } from "./bench-cli";
import { ownerContext } from "./owner-context";

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 180_000, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function lbBenchSetup({
  clusterName,
  bench,
  localImage,
  cleanup,
}: {
  clusterName: string;
  bench: string;
  localImage: string;
  cleanup: Array<() => Promise<unknown>>;
}) {
  const cluster = await prisma.cluster.findFirst({
    where: { name: clusterName },
    orderBy: { createdAt: "asc" },
    select: { id: true, orgId: true, name: true },
  });
  if (!cluster) throw new Error(`no cluster named ${clusterName}; run npm run up and sign up first`);
  const lbNode = await prisma.node.findFirst({
    where: { clusterId: cluster.id, status: "READY", labels: { path: [LB_NODE_LABEL], equals: "true" } },
    select: { id: true, address: true },
  });
  if (!lbNode) throw new Error(`cluster ${cluster.name} has no Ready node labelled wharf.lb=true`);
  const ctx = await ownerContext(cluster.orgId, bench);
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: cluster.orgId }, select: { slug: true } });
  const token = await createApiToken({ ctx, input: { name: bench, role: "DEVELOPER", expiresInDays: 1 } });
  cleanup.push(() => revokeApiToken({ ctx, tokenId: token.id }));
  const host = registrySettings().publicHost;
  const image = `${host}/${org.slug}/${bench}-app:1`;
  await docker(["login", host, "-u", "token", "--password-stdin"], token.token);
  await docker(["tag", localImage, image]);
  await docker(["push", image]);
  return { cluster, lbNode, ctx, image };
}
