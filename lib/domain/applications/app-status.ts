import { appSelector } from "@/lib/protocol/object-labels";
import type { ProbeState } from "@/lib/protocol/probe";
import { storedTasks } from "@/lib/protocol/task-report";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { redis, redisKey } from "@/lib/redis";
import { appStatusSchema, type AppStatus } from "@/lib/schemas/applications";
import { sendCommand } from "../commands/send-command";
import { findManager } from "./deploy/find-manager";

const CACHE_MS = 2_000;

/**
 * Live services and tasks of an application, read from the cluster through a manager: for each
 * service the tasks with their node, state, Docker's message, published ports and restart count.
 * Cached for two seconds so a room of open consoles does not flood the agent.
 */
export async function getAppStatus({ orgId, applicationId }: { orgId: string; applicationId: string }): Promise<AppStatus> {
  const app = await prisma.application.findFirst({
    where: { id: applicationId, orgId, deletedAt: null },
    select: {
      id: true,
      name: true,
      clusterId: true,
      org: { select: { slug: true } },
      services: { orderBy: [{ startOrder: "asc" }, { name: "asc" }], select: { id: true, name: true, swarmName: true } },
    },
  });
  if (!app) throw notFound("Application");
  const cacheKey = redisKey("app-status", applicationId);
  const cached = await redis().get(cacheKey);
  // What this process or another one cached; read as the API's shape, and recomputed when it is not.
  const hit = cached ? appStatusSchema.safeParse(JSON.parse(cached)) : null;
  if (hit?.success) return hit.data;
  const result = await live(app);
  await redis().set(cacheKey, JSON.stringify(result), "PX", CACHE_MS);
  return result;
}

/** Task id → the URL probe state its node's agent last reported (lib/protocol/probe.ts). */
async function probeStates(clusterId: string): Promise<Map<string, ProbeState>> {
  const rows = await prisma.nodeTasks.findMany({ where: { clusterId }, select: { tasks: true } });
  return new Map(rows.flatMap((row) => storedTasks(row.tasks).flatMap((t) => (t.probe ? [[t.taskId, t.probe] as const] : []))));
}

type AppRow = {
  id: string;
  name: string;
  clusterId: string;
  org: { slug: string };
  services: Array<{ id: string; name: string; swarmName: string }>;
};

async function live(app: AppRow) {
  const fetchedAt = new Date().toISOString();
  let status;
  try {
    const manager = await findManager(app.clusterId);
    status = await sendCommand({
      nodeId: manager.id,
      type: "services.status",
      payload: { labels: appSelector(app.org.slug, app.name) },
      timeoutMs: 10_000,
    });
  } catch (err) {
    const message = err instanceof AppError ? err.message : "The cluster did not answer";
    return {
      reachable: false,
      error: message,
      fetchedAt,
      services: app.services.map((s) => ({
        id: s.id,
        name: s.name,
        swarmName: s.swarmName,
        exists: false,
        image: null,
        running: 0,
        desired: 0,
        restarts: 0,
        updateStatus: null,
        tasks: [],
      })),
    };
  }
  const nodes = new Map(
    (
      await prisma.node.findMany({
        where: { clusterId: app.clusterId, swarmNodeId: { not: null } },
        select: { swarmNodeId: true, hostname: true },
      })
    ).map((n) => [n.swarmNodeId, n.hostname]),
  );
  const probes = await probeStates(app.clusterId);
  return {
    reachable: true,
    error: null,
    fetchedAt,
    services: app.services.map((s) => {
      const svc = status.services.find((x) => x.name === s.swarmName);
      const tasks = status.tasks.filter((t) => t.serviceName === s.swarmName);
      const slots = new Map<number, number>();
      for (const t of tasks) if (t.slot !== null) slots.set(t.slot, (slots.get(t.slot) ?? 0) + 1);
      const restarts = [...slots.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      return {
        id: s.id,
        name: s.name,
        swarmName: s.swarmName,
        exists: Boolean(svc),
        image: svc?.image ?? null,
        running: svc?.runningTasks ?? 0,
        desired: svc?.desiredTasks ?? 0,
        restarts,
        updateStatus: svc?.updateStatus ?? null,
        tasks: tasks.map((t) => ({
          id: t.id,
          slot: t.slot,
          nodeId: t.nodeId,
          node: t.nodeId ? (nodes.get(t.nodeId) ?? null) : null,
          state: t.state,
          desiredState: t.desiredState,
          message: t.message,
          error: t.error,
          exitCode: t.exitCode,
          ports: t.ports,
          image: t.image,
          updatedAt: t.updatedAt,
          probe: probes.get(t.id) ?? null,
        })),
      };
    }),
  };
}
