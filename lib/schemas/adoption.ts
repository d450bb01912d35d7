/** Adopting what already runs on a cluster: Swarm services and stacks Wharf did not create. */
import { z } from "zod";
import { appNameSchema, composeIssueSchema, createdResultSchema } from "./applications";
import { idSchema, listOf } from "./common";
import { endpoint } from "./endpoint";

export const foreignServiceSchema = z.object({
  /** The Swarm service name. */
  name: z.string(),
  image: z.string(),
  mode: z.enum(["replicated", "global"]),
  replicas: z.number().int().nullable(),
  runningTasks: z.number().int(),
  desiredTasks: z.number().int(),
});
export type ForeignService = z.infer<typeof foreignServiceSchema>;

/** A stack (`docker stack deploy`: its services share com.docker.stack.namespace) or a lone service. */
export const foreignGroupSchema = z.object({
  kind: z.enum(["stack", "service"]),
  name: z.string(),
  services: z.array(foreignServiceSchema),
});
export type ForeignGroup = z.infer<typeof foreignGroupSchema>;

export const adoptionInputSchema = z.strictObject({
  kind: z.enum(["stack", "service"]),
  /** The stack's namespace or the service's Swarm name. */
  name: z.string().trim().min(1).max(200),
  /** The application it becomes. */
  appName: appNameSchema,
});
export type AdoptionInput = z.infer<typeof adoptionInputSchema>;

export const taskDifferenceSchema = z.object({
  /** As the Engine API spells it, e.g. "TaskTemplate.ContainerSpec.Env". */
  path: z.string(),
  live: z.unknown(),
  compiled: z.unknown(),
});

export const adoptionPlanSchema = z.object({
  appName: z.string(),
  /** The compose template Wharf wrote for it; adopting creates the application from exactly this. */
  compose: z.string(),
  services: z.array(
    z.object({
      name: z.string(),
      swarmName: z.string(),
      runningTasks: z.number().int(),
      /** What applying the template would change in its tasks (each change restarts them); empty when the adoption is exact. */
      differences: z.array(taskDifferenceSchema),
    }),
  ),
  /** Why the template does not compile here (the cluster's workload policy, for one). */
  problems: z.array(composeIssueSchema),
  /** True when nothing differs and nothing is refused: adopting restarts no task. */
  adoptable: z.boolean(),
});
export type AdoptionPlan = z.infer<typeof adoptionPlanSchema>;

const clusterParams = z.object({ clusterId: idSchema });
const e = { tags: ["applications"], auth: "org" as const };

export const adoptionEndpoints = {
  listForeign: endpoint({
    ...e,
    id: "adoption.listForeign",
    method: "GET",
    path: "/clusters/{clusterId}/foreign-services",
    permission: "apps.read",
    summary: "Swarm services and stacks running on the cluster that Wharf did not create.",
    params: clusterParams,
    response: listOf(foreignGroupSchema),
  }),
  preview: endpoint({
    ...e,
    id: "adoption.preview",
    method: "POST",
    path: "/clusters/{clusterId}/adoptions/preview",
    permission: "apps.manage",
    summary: "The compose template that reproduces a running service or stack, and what adopting it would change in its tasks.",
    params: clusterParams,
    body: adoptionInputSchema,
    response: adoptionPlanSchema,
  }),
  adopt: endpoint({
    ...e,
    id: "adoption.adopt",
    method: "POST",
    path: "/clusters/{clusterId}/adoptions",
    permission: "apps.manage",
    summary: "Adopt a running service or stack as an application (409 when that would restart its tasks).",
    params: clusterParams,
    body: adoptionInputSchema,
    response: createdResultSchema,
    status: 201,
  }),
};
