/**
 * The HAProxy driver's production transport: each command goes to the agents of the load
 * balancer's cluster that run HAProxy — READY nodes whose desired labels say `wharf.lb=true`
 * (the `local` cluster's node gets that label when it joins) — in parallel, one outcome per node.
 * Certificates for https listeners come from the cluster's uploaded certificates, keys decrypted
 * for this call only (the agent stores them mode 600; command history keeps them redacted).
 */
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import type { HaproxyCommandType, HaproxyNode, HaproxyNodeOutcome, HaproxyTransport } from "@/lib/drivers/lb/haproxy/transport";
import type { LbHandle } from "@/lib/drivers/lb/types";
import { AppError, notFound } from "@/lib/errors";
import type { CommandPayload, CommandResult } from "@/lib/protocol/commands";
import type { HaproxyCertificate } from "@/lib/protocol/haproxy";
import { sendCommand } from "../commands/send-command";
import { isLbNode, LB_NODE_LABEL } from "./lb-node-label";

const READS: ReadonlySet<HaproxyCommandType> = new Set(["haproxy.describe", "haproxy.stats"]);

async function loadBalancer(lb: LbHandle) {
  const row = await prisma.loadBalancer.findUnique({
    where: { id: lb.id },
    select: { orgId: true, clusterId: true, name: true, cluster: { select: { name: true } } },
  });
  if (row) return row;
  // Releasing a load balancer whose row was just deleted: its handle (built from that row) still
  // names the cluster whose nodes run it.
  const cluster = lb.clusterId
    ? await prisma.cluster.findUnique({ where: { id: lb.clusterId }, select: { id: true, orgId: true, name: true } })
    : null;
  if (!cluster) throw notFound("Load balancer");
  return { orgId: cluster.orgId, clusterId: cluster.id, name: lb.name, cluster: { name: cluster.name } };
}

/** The READY nodes of the cluster labelled wharf.lb=true (AppError UNAVAILABLE when there is none). */
export async function haproxyNodes(lb: LbHandle): Promise<HaproxyNode[]> {
  const row = await loadBalancer(lb);
  const nodes = await prisma.node.findMany({
    where: { orgId: row.orgId, clusterId: row.clusterId, status: "READY", removedAt: null, removeRequestedAt: null },
    select: { id: true, hostname: true, labels: true },
    orderBy: { hostname: "asc" },
  });
  const lbNodes = nodes.filter((n) => isLbNode(n.labels)).map((n) => ({ id: n.id, hostname: n.hostname }));
  if (!lbNodes.length) {
    throw new AppError(
      "UNAVAILABLE",
      `Load balancer ${row.name} has no HAProxy node: no ready node of cluster ${row.cluster.name} is labelled ${LB_NODE_LABEL}=true. Label a node ${LB_NODE_LABEL}=true on its node page (it must have HAProxy installed).`,
      { loadBalancer: row.name, cluster: row.cluster.name },
    );
  }
  return lbNodes;
}

/** sendCommand's failures carry the agent's "CODE: message"; keep the code apart for the driver. */
function outcomeOf(node: HaproxyNode, error: unknown): Extract<HaproxyNodeOutcome<never>, { ok: false }> {
  if (!(error instanceof AppError)) throw error;
  const agent = /failed on node [^:]*: ([A-Z][A-Z0-9_]*): ([\s\S]*)$/.exec(error.message);
  return agent
    ? { node, ok: false, code: agent[1] as string, message: agent[2] as string }
    : { node, ok: false, code: error.code, message: error.message };
}

async function run<T extends HaproxyCommandType>(
  lb: LbHandle,
  command: T,
  payload: CommandPayload<T>,
): Promise<HaproxyNodeOutcome<CommandResult<T>>[]> {
  const nodes = await haproxyNodes(lb);
  // a change may reload HAProxy (config check, new worker); reads answer at once
  const timeoutMs = READS.has(command) ? 15_000 : 60_000;
  return Promise.all(
    nodes.map(async (node): Promise<HaproxyNodeOutcome<CommandResult<T>>> => {
      try {
        return { node, ok: true, result: await sendCommand({ nodeId: node.id, type: command, payload, timeoutMs }) };
      } catch (error) {
        return outcomeOf(node, error);
      }
    }),
  );
}

async function certificates(lb: LbHandle, ids: string[] | null): Promise<HaproxyCertificate[]> {
  const row = await loadBalancer(lb);
  const certs = await prisma.certificate.findMany({
    where: { orgId: row.orgId, clusterId: row.clusterId, ...(ids ? { id: { in: ids } } : {}) },
    select: { id: true, certPem: true, keyEnc: true },
    orderBy: { createdAt: "asc" },
  });
  if (ids && certs.length !== new Set(ids).size)
    throw new AppError("NOT_FOUND", `Load balancer ${row.name}: a certificate it names does not exist in its cluster any more`);
  // named by id: certificate names are the user's, ids are always valid file names
  return certs.map((c) => ({ name: c.id, pem: `${c.certPem.trim()}\n${decryptSecret(c.keyEnc).trim()}\n` }));
}

export const haproxyAgentTransport: HaproxyTransport = { run, certificates };

/** Stops every HAProxy of the cluster's load balancers on one node (it lost wharf.lb=true). Failures are returned, not thrown. */
export async function stopHaproxiesOn({ clusterId, nodeId }: { clusterId: string; nodeId: string }): Promise<string[]> {
  const lbs = await prisma.loadBalancer.findMany({ where: { clusterId, driver: "HAPROXY" }, select: { id: true, name: true } });
  const failures: string[] = [];
  for (const lb of lbs) {
    try {
      await sendCommand({ nodeId, type: "haproxy.remove", payload: { lbId: lb.id }, timeoutMs: 15_000 });
    } catch (error) {
      failures.push(`${lb.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}
