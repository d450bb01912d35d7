import type { OrgContext } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import type { AdoptionInput } from "@/lib/schemas/adoption";
import { createApplication } from "../applications/create-application";
import { planAdoption } from "./plan-adoption";

/**
 * Adopts a stack or a service as an application: the plan's template becomes version 1 and its
 * first deployment, which only adds Wharf's labels to the services (the agent keeps the task
 * templates the swarm holds, so no task restarts). Refused, changing nothing, when the template
 * does not compile here or applying it would change the tasks.
 */
export async function adoptServices({ ctx, clusterId, input }: { ctx: OrgContext; clusterId: string; input: AdoptionInput }) {
  const plan = await planAdoption({ ctx, clusterId, input });
  const [problem] = plan.problems;
  if (problem) {
    throw new AppError(
      "INVALID_INPUT",
      `The template written for ${input.name} cannot be deployed here: ${problem.message}`,
      plan.problems,
    );
  }
  const changed = plan.services.filter((s) => s.differences.length > 0);
  if (changed.length > 0) {
    const list = changed.map((s) => `${s.swarmName} (${s.differences.map((d) => d.path).join(", ")})`).join("; ");
    throw new AppError(
      "CONFLICT",
      `Adopting ${input.name} would restart its tasks: Wharf cannot write ${list} as they run. Change the service with docker service update, or redeploy it through Wharf instead`,
    );
  }
  return createApplication({
    ctx,
    input: {
      name: input.appName,
      clusterId,
      compose: plan.compose,
      description: `Adopted from the ${input.kind} ${input.name}`,
    },
  });
}
