/** node.remove (manager only): remove a node from the swarm; removed: false when it was already gone. */
import type { CommandHandler } from "./types";

export const nodeRemove: CommandHandler<"node.remove"> = async (payload, context) => {
  const removed = await context.docker.removeNode({ id: payload.swarmNodeId, force: payload.force, signal: context.signal });
  if (removed) context.log.info("node removed from the swarm", { node: payload.swarmNodeId, force: payload.force });
  return { removed };
};
