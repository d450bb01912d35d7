import { stringify } from "yaml";
import type { OrgContext } from "@/lib/auth/context";
import { composeFromSwarm } from "@/lib/compose/from-swarm-spec";
import { taskDifferences } from "@/lib/compose/task-differences";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { AdoptionInput, AdoptionPlan } from "@/lib/schemas/adoption";
import { composeIssueSchema } from "@/lib/schemas/applications";
import { sendCommand } from "../commands/send-command";
import { compileForOrg } from "../applications/compile-for-org";
import { findManager } from "../applications/deploy/find-manager";
import { assertCluster, MANAGER_TIMEOUT_MS as TIMEOUT_MS } from "./assert-cluster";
import { claimedSwarmNames } from "./claimed-swarm-names";
import { pickForeign } from "./foreign-services";

/**
 * What adopting a stack or a service would do: the compose template that reproduces it (written
 * from the specs the swarm holds now, lib/compose/from-swarm-spec.ts), compiled as the application
 * would be, and per service what applying it would change in the running tasks. Stores nothing.
 */
export async function planAdoption({
  ctx,
  clusterId,
  input,
}: {
  ctx: Pick<OrgContext, "orgId">;
  clusterId: string;
  input: AdoptionInput;
}): Promise<AdoptionPlan> {
  await assertCluster(ctx.orgId, clusterId);
  const manager = await findManager(clusterId);
  const [status, { networks }] = await Promise.all([
    sendCommand({ nodeId: manager.id, type: "services.status", payload: { labels: {} }, timeoutMs: TIMEOUT_MS }),
    sendCommand({ nodeId: manager.id, type: "networks.list", payload: {}, timeoutMs: TIMEOUT_MS }),
  ]);
  const live = pickForeign(status, await claimedSwarmNames(clusterId), input.kind, input.name);
  if (live.length === 0) {
    throw new AppError("NOT_FOUND", `No ${input.kind} named ${input.name} runs on this cluster outside Wharf`);
  }
  const networkNames = Object.fromEntries(networks.map((n) => [n.id, n.name]));
  const { document } = composeFromSwarm(
    live.map((service) => ({ spec: service.spec })),
    networkNames,
  );
  const compose = `# Written by Wharf from the ${input.kind} "${input.name}" as it ran when adopted.\n${stringify(document)}`;
  let compiled;
  try {
    ({ compiled } = await compileForOrg({ ctx, name: input.appName, clusterId, compose, env: {} }));
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "INVALID_INPUT") throw error;
    const located = composeIssueSchema.array().safeParse(error.details);
    const problems = located.success ? located.data : [{ severity: "error" as const, code: "invalid", path: "", message: error.message }];
    return { appName: input.appName, compose, services: [], problems, adoptable: false };
  }
  const services = compiled.services.map((service) => {
    const running = live.find((s) => s.name === service.fullName);
    return {
      name: service.name,
      swarmName: service.fullName,
      runningTasks: running?.runningTasks ?? 0,
      differences: running
        ? taskDifferences(running.spec, service.spec, networkNames)
        : [{ path: "Name", live: null, compiled: service.fullName }],
    };
  });
  const taken = await prisma.application.findFirst({
    where: { orgId: ctx.orgId, name: input.appName, deletedAt: null },
    select: { id: true },
  });
  const problems = taken
    ? [
        {
          severity: "error" as const,
          code: "conflict",
          path: "appName",
          message: `An application named ${input.appName} already exists; choose another name`,
        },
      ]
    : [];
  return {
    appName: input.appName,
    compose,
    services,
    problems,
    adoptable: problems.length === 0 && services.every((s) => s.differences.length === 0),
  };
}
