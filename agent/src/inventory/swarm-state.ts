/** The swarm part of the inventory, from `docker info` .Swarm. */
import type { SwarmState } from "@/lib/protocol";
import type { EngineInfo } from "../docker/engine-schemas";

const STATES = new Set<SwarmState["state"]>(["inactive", "pending", "active", "error", "locked"]);

export function toSwarmState(swarm: EngineInfo["Swarm"]): SwarmState {
  const known = STATES.has(swarm.LocalNodeState as SwarmState["state"]);
  const state = known ? (swarm.LocalNodeState as SwarmState["state"]) : "error";
  const error = swarm.Error || (known ? "" : `unknown swarm state "${swarm.LocalNodeState}"`);
  return {
    state,
    nodeId: swarm.NodeID || null,
    clusterId: swarm.Cluster?.ID ?? null,
    isManager: swarm.ControlAvailable,
    managerAddrs: [...new Set(swarm.RemoteManagers.map((manager) => manager.Addr))].sort().slice(0, 50),
    nodeAddr: swarm.NodeAddr || null,
    error: error ? error.slice(0, 2000) : null,
  };
}
