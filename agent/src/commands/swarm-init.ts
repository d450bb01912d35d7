/**
 * swarm.init: make this engine the first manager of a new swarm. Idempotent: an engine that
 * already manages a swarm answers that swarm's identity and tokens instead of failing.
 */
import type { EngineInfo } from "../docker/engine-schemas";
import { CommandError } from "./command-error";
import { DEFAULT_LISTEN_ADDR, isSwarmMembershipConflict, managerAddress, rejectBrokenState, settledInfo } from "./swarm-helpers";
import type { CommandContext, CommandHandler } from "./types";

export const swarmInit: CommandHandler<"swarm.init"> = async (payload, context) => {
  const before = await settledInfo(context);
  rejectBrokenState(before);
  if (before.Swarm.LocalNodeState === "active") return describeManagedSwarm(before, context);

  const advertiseAddr = payload.advertiseAddr ?? context.advertiseAddr ?? undefined;
  try {
    await context.docker.initSwarm({ listenAddr: payload.listenAddr ?? DEFAULT_LISTEN_ADDR, advertiseAddr, signal: context.signal });
    context.log.info("swarm initialised", { advertiseAddr: advertiseAddr ?? null });
  } catch (error) {
    // a concurrent init (or a retry of a lost command) got there first: describe that swarm
    if (!isSwarmMembershipConflict(error)) throw error;
  }
  return describeManagedSwarm(await settledInfo(context), context);
};

async function describeManagedSwarm(info: EngineInfo, context: CommandContext) {
  if (!info.Swarm.ControlAvailable) {
    const managers = info.Swarm.RemoteManagers.map((manager) => manager.Addr).join(", ") || "unknown";
    throw new CommandError("ALREADY_IN_SWARM", `this engine is already a worker in another swarm (managers: ${managers}); leave it first`);
  }
  const swarm = await context.docker.inspectSwarm({ signal: context.signal });
  return {
    swarmId: swarm.ID,
    nodeId: info.Swarm.NodeID,
    managerAddr: managerAddress(info),
    joinTokens: { worker: swarm.JoinTokens.Worker, manager: swarm.JoinTokens.Manager },
  };
}
