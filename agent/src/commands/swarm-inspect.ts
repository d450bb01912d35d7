/** swarm.inspect (manager only): swarm identity, join tokens, manager address and the node list. */
import { managerAddress, requireManager } from "./swarm-helpers";
import type { CommandHandler } from "./types";

export const swarmInspect: CommandHandler<"swarm.inspect"> = async (_payload, context) => {
  const info = await context.docker.info({ signal: context.signal });
  requireManager(info);
  const [swarm, nodes] = await Promise.all([
    context.docker.inspectSwarm({ signal: context.signal }),
    context.docker.listNodes({ signal: context.signal }),
  ]);
  return {
    swarmId: swarm.ID,
    managerAddr: managerAddress(info),
    joinTokens: { worker: swarm.JoinTokens.Worker, manager: swarm.JoinTokens.Manager },
    nodes: nodes
      .map((node) => ({
        id: node.ID,
        hostname: node.Description.Hostname,
        role: node.Spec.Role,
        availability: node.Spec.Availability,
        state: node.Status.State,
        labels: node.Spec.Labels,
        leader: node.ManagerStatus?.Leader ?? false,
      }))
      .sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id)),
  };
};
