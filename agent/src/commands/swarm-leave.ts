/** swarm.leave: leave the swarm; a no-op (left: false) when the engine is not in one. */
import { isSwarmMembershipConflict } from "./swarm-helpers";
import type { CommandHandler } from "./types";

export const swarmLeave: CommandHandler<"swarm.leave"> = async (payload, context) => {
  const info = await context.docker.info({ signal: context.signal });
  // "pending" (still joining) and "error" can be left; only "inactive" means there is nothing to do
  if (info.Swarm.LocalNodeState === "inactive") return { left: false };
  try {
    await context.docker.leaveSwarm({ force: payload.force, signal: context.signal });
  } catch (error) {
    if (isSwarmMembershipConflict(error)) return { left: false };
    throw error;
  }
  context.log.info("left swarm", { force: payload.force });
  return { left: true };
};
