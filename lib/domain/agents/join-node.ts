import { systemActor } from "@/lib/auth/context";
import { generateSecret, sha256Hex } from "@/lib/crypto";
import { prisma, Prisma, type DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { JoinRequest } from "@/lib/protocol/messages";
import { isSupportedProtocol, MIN_SUPPORTED_PROTOCOL, PROTOCOL_VERSION } from "@/lib/protocol/version";
import { recordAudit } from "../audit/record-audit";
import { ensureLocalCluster } from "../clusters/ensure-local-cluster";
import { rejoinApproved } from "../nodes/rejoin-approval";
import { assertWithinQuota } from "../quotas/assert-within-quota";
import { LB_NODE_LABEL } from "../traffic/lb-node-label";
import { AgentRefusal } from "./agent-refusal";
import { inventoryColumns, inventoryHash } from "./inventory-facts";
import { findMachine, recordRejoinRequest, rejoinRefusal, type MachineRecord } from "./rejoin-request";
import { acceptedSwarmNodeId } from "./swarm-node-claim";

type JoinToken = NonNullable<Awaited<ReturnType<typeof findJoinToken>>>;

const findJoinToken = (secret: string) =>
  prisma.joinToken.findUnique({
    where: { tokenHash: sha256Hex(secret) },
    select: {
      id: true,
      orgId: true,
      clusterId: true,
      role: true,
      expiresAt: true,
      revokedAt: true,
      useCount: true,
      maxUses: true,
      cluster: { select: { name: true, controlPlaneHost: true } },
    },
  });

const isLocalAgentToken = (secret: string) => Boolean(env.LOCAL_AGENT_JOIN_TOKEN) && secret === env.LOCAL_AGENT_JOIN_TOKEN;

/**
 * The local agent of an installation whose first organisation predates its token: give the oldest
 * organisation its "local" cluster now. Any other unknown token stays unknown.
 */
async function adoptLocalAgent(secret: string) {
  if (!isLocalAgentToken(secret)) return null;
  const org = await prisma.organization.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true } });
  if (!org) return null; // nobody has signed up yet: the agent waits
  await prisma.$transaction((tx) => ensureLocalCluster({ orgId: org.id, actor: systemActor("local-agent"), db: tx }));
  return findJoinToken(secret);
}

/** How many machines may join with the token: the local agent's is single-use even when created before maxUses existed. */
const usesAllowed = (token: JoinToken, secret: string): number | null =>
  isLocalAgentToken(secret) ? Math.min(token.maxUses ?? 1, 1) : token.maxUses;

const usedUp = (limit: number) =>
  new AgentRefusal(
    "JOIN_TOKEN_USED_UP",
    `This join token was for ${limit === 1 ? "one machine" : `${limit} machines`} and has been used. Create a new one on the cluster page.`,
  );

/** Counts one use of the token; the condition makes two machines racing for the last use end with one winner. */
async function spendUse(tx: DbClient, tokenId: string, limit: number | null) {
  if (limit === null) {
    await tx.joinToken.update({ where: { id: tokenId }, data: { useCount: { increment: 1 }, lastUsedAt: new Date() } });
    return;
  }
  const spent =
    await tx.$executeRaw`UPDATE "JoinToken" SET "useCount" = "useCount" + 1, "lastUsedAt" = now() WHERE "id" = ${tokenId} AND "useCount" < ${limit}`;
  if (spent === 0) throw usedUp(limit);
}

/** The role a node gets: the token's for a new machine; for an approved rejoin never more than the record held. */
const roleFor = (token: JoinToken, existing: MachineRecord | null) => (existing && existing.role === "WORKER" ? "WORKER" : token.role);

/**
 * Exchanges a join token for a per-node credential. A machine (Docker engine id) that is already,
 * or was, a node of the cluster is refused and its request recorded, whatever state the node is in:
 * no join takes over a node record unless an admin allowed that machine to join again. The approved
 * join takes the record over with a fresh credential and keeps at most the role the record held.
 */
export async function joinNode({ request, ip }: { request: JoinRequest; ip: string | null }) {
  if (!isSupportedProtocol(request.protocolVersion)) {
    throw new AgentRefusal(
      "PROTOCOL_UNSUPPORTED",
      `This control plane speaks agent protocol ${MIN_SUPPORTED_PROTOCOL}-${PROTOCOL_VERSION}; the agent speaks ${request.protocolVersion}. Install the agent from this console.`,
    );
  }
  const token = (await findJoinToken(request.token)) ?? (await adoptLocalAgent(request.token));
  if (!token)
    throw new AgentRefusal("INVALID_JOIN_TOKEN", "The join token is not valid. Copy the install command again from the cluster page.");
  if (token.revokedAt) throw new AgentRefusal("JOIN_TOKEN_REVOKED", "The join token was revoked. Create a new one on the cluster page.");
  if (token.expiresAt <= new Date())
    throw new AgentRefusal("JOIN_TOKEN_EXPIRED", "The join token has expired. Create a new one on the cluster page.");
  const limit = usesAllowed(token, request.token);
  if (limit !== null && token.useCount >= limit) throw usedUp(limit);

  const { inventory } = request;
  const requester = { inventory, ip, tokenId: token.id, tokenRole: token.role, agentVersion: request.agentVersion };
  const existing = await findMachine(token.clusterId, inventory.machineId);
  if (existing && !rejoinApproved(existing)) {
    await recordRejoinRequest({ node: existing, orgId: token.orgId, ...requester });
    throw rejoinRefusal(existing, token.cluster.name);
  }
  try {
    return await prisma.$transaction(async (tx) => {
      await spendUse(tx, token.id, limit);
      // A node that was removed comes back into the count, like a new one.
      if (!existing || existing.removedAt) await assertWithinQuota({ orgId: token.orgId, kind: "nodes", db: tx });
      const { secret, hash } = generateSecret("node");
      const role = roleFor(token, existing);
      const facts = {
        ...inventoryColumns(inventory),
        swarmNodeId: await acceptedSwarmNodeId({ nodeId: existing?.id ?? null, claimed: inventoryColumns(inventory).swarmNodeId, db: tx }),
        inventory,
        inventoryHash: inventoryHash(inventory),
        agentVersion: request.agentVersion,
        credentialHash: hash,
        role,
      };
      // the control-plane host runs the cluster's HAProxy load balancers unless an admin moves them
      const labels = token.cluster.controlPlaneHost ? { labels: { [LB_NODE_LABEL]: "true" } } : {};
      const nodeId = existing
        ? await takeOver(tx, existing, facts)
        : (
            await tx.node.create({
              data: { orgId: token.orgId, clusterId: token.clusterId, machineId: inventory.machineId, ...facts, ...labels },
              select: { id: true },
            })
          ).id;
      await recordAudit({
        db: tx,
        orgId: token.orgId,
        action: existing ? "node.rejoin" : "node.join",
        targetType: "node",
        targetId: nodeId,
        actor: { type: "AGENT", id: nodeId, label: `agent:${inventory.hostname}`, ip, userAgent: `wharf-agent/${request.agentVersion}` },
        details: {
          cluster: token.cluster.name,
          hostname: inventory.hostname,
          role,
          tokenRole: token.role,
          joinTokenId: token.id,
          ...(existing ? { previousRole: existing.role } : {}),
        },
      });
      return { nodeId, clusterId: token.clusterId, credential: secret };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      // Two machines with the same machine id raced; the other one is the node now.
      const winner = await findMachine(token.clusterId, inventory.machineId);
      if (winner) {
        await recordRejoinRequest({ node: winner, orgId: token.orgId, ...requester });
        throw rejoinRefusal(winner, token.cluster.name);
      }
    }
    if (err instanceof AppError && err.code === "QUOTA_EXCEEDED") throw new AgentRefusal("QUOTA_EXCEEDED", err.message);
    throw err;
  }
}

/**
 * The approved join takes the record over: fresh credential, revocation and removal cleared, the
 * approval used up. Conditional on the approval still being the one read, so of two joins racing
 * with one approval exactly one wins.
 */
async function takeOver(tx: DbClient, existing: MachineRecord, facts: Prisma.NodeUpdateManyMutationInput) {
  const { count } = await tx.node.updateMany({
    where: { id: existing.id, rejoinApprovedAt: existing.rejoinApprovedAt },
    data: {
      ...facts,
      credentialRevokedAt: null,
      removedAt: null,
      removeRequestedAt: null,
      lastError: null,
      lastErrorAt: null,
      rejoinRequestedAt: null,
      rejoinApprovedAt: null,
      rejoinApprovedById: null,
    },
  });
  if (count === 0)
    throw new AgentRefusal(
      "REJOIN_NOT_APPROVED",
      `Another machine used the approval to join again as ${existing.hostname}. An admin can allow it again on the node's page.`,
    );
  return existing.id;
}
