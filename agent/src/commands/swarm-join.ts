/**
 * swarm.join: join an existing swarm through one of its managers. Idempotent: an engine already
 * active in a swarm that knows one of the given managers answers its current identity.
 */
import type { EngineInfo } from "../docker/engine-schemas";
import { CommandError } from "./command-error";
import { DEFAULT_LISTEN_ADDR, isSwarmMembershipConflict, knowsAnyManager, rejectBrokenState, settledInfo } from "./swarm-helpers";
import type { CommandHandler } from "./types";

export const swarmJoin: CommandHandler<"swarm.join"> = async (payload, context) => {
  const before = await settledInfo(context);
  rejectBrokenState(before);
  if (before.Swarm.LocalNodeState === "active") return currentMembership(before, payload.remoteAddrs);

  const advertiseAddr = payload.advertiseAddr ?? context.advertiseAddr ?? undefined;
  try {
    await context.docker.joinSwarm({
      remoteAddrs: payload.remoteAddrs,
      joinToken: payload.joinToken,
      listenAddr: payload.listenAddr ?? DEFAULT_LISTEN_ADDR,
      advertiseAddr,
      signal: context.signal,
    });
    context.log.info("joined swarm", { remoteAddrs: payload.remoteAddrs, advertiseAddr: advertiseAddr ?? null });
  } catch (error) {
    if (!isSwarmMembershipConflict(error)) throw error;
  }
  const after = await settledInfo(context);
  rejectBrokenState(after);
  if (after.Swarm.LocalNodeState !== "active")
    throw new CommandError("SWARM_ERROR", "the engine did not become an active swarm member after joining");
  return currentMembership(after, payload.remoteAddrs);
};

function currentMembership(info: EngineInfo, remoteAddrs: readonly string[]) {
  if (!knowsAnyManager(info, remoteAddrs)) {
    const managers = info.Swarm.RemoteManagers.map((manager) => manager.Addr).join(", ") || "unknown";
    throw new CommandError("ALREADY_IN_SWARM", `this engine is already in a different swarm (managers: ${managers}); leave it first`);
  }
  // Docker tells only managers the swarm ID; a worker answers "" and the control plane, which
  // sent the join, already knows which swarm it is.
  return { nodeId: info.Swarm.NodeID, swarmId: info.Swarm.Cluster?.ID ?? "" };
}
