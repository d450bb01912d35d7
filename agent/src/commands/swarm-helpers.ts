/** Shared swarm logic for the command handlers: settled state, manager address, address matching. */
import type { EngineInfo } from "../docker/engine-schemas";
import { isDockerError } from "../docker/docker-error";
import { sleep } from "../util/sleep";
import { CommandError } from "./command-error";
import type { CommandContext } from "./types";

export const SWARM_PORT = 2377;
export const DEFAULT_LISTEN_ADDR = `0.0.0.0:${SWARM_PORT}`;
const PENDING_POLL_MS = 300;

/** `docker info`, waiting while the engine is still joining ("pending") so handlers see a final state. */
export async function settledInfo({ docker, signal }: CommandContext): Promise<EngineInfo> {
  for (;;) {
    const info = await docker.info({ signal });
    if (info.Swarm.LocalNodeState !== "pending") return info;
    await sleep(PENDING_POLL_MS, signal);
  }
}

/** Throws the CommandError matching a state no swarm command can work from. */
export function rejectBrokenState(info: EngineInfo): void {
  const { LocalNodeState: state, Error: error } = info.Swarm;
  if (state === "locked")
    throw new CommandError("SWARM_LOCKED", "the swarm on this engine is locked (autolock): unlock it with `docker swarm unlock` first");
  if (state === "error") throw new CommandError("SWARM_ERROR", `the engine's swarm is in an error state: ${error || "no detail"}`);
}

export function requireManager(info: EngineInfo): void {
  rejectBrokenState(info);
  if (info.Swarm.LocalNodeState !== "active") throw new CommandError("NOT_IN_SWARM", "this engine is not part of a swarm");
  if (!info.Swarm.ControlAvailable) throw new CommandError("NOT_A_MANAGER", "this engine is a swarm worker, not a manager");
}

/** The address other nodes join this manager at ("10.77.0.12:2377"). */
export function managerAddress(info: EngineInfo): string {
  const own = info.Swarm.RemoteManagers.find((manager) => manager.NodeID === info.Swarm.NodeID);
  if (own) return own.Addr;
  return withPort(info.Swarm.NodeAddr);
}

/** "10.0.0.1" → "10.0.0.1:2377"; keeps an explicit port; brackets bare IPv6 addresses. */
export function withPort(address: string): string {
  if (/^\[.*\]:\d+$/.test(address) || /^[^:]+:\d+$/.test(address)) return address;
  return address.includes(":") ? `[${address}]:${SWARM_PORT}` : `${address}:${SWARM_PORT}`;
}

/** True when the engine already knows one of these managers: it is in the swarm they manage. */
export function knowsAnyManager(info: EngineInfo, remoteAddrs: readonly string[]): boolean {
  const known = new Set(info.Swarm.RemoteManagers.map((manager) => withPort(manager.Addr)));
  return remoteAddrs.some((address) => known.has(withPort(address)));
}

/** The engine refused because it is (or is not) in a swarm: a race with another command. */
export function isSwarmMembershipConflict(error: unknown): boolean {
  return (isDockerError(error, 503) || isDockerError(error, 406)) && /part of a swarm/i.test(error.detail);
}

/** A write raced with another change of the same object: re-read the version and retry. */
export function isOutOfSequence(error: unknown): boolean {
  return isDockerError(error) && (error.statusCode === 409 || /update out of sequence/i.test(error.detail));
}
