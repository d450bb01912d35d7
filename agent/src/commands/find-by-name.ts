/**
 * Exact-name lookups. Docker's name filters match substrings and its inspect-by-name also accepts
 * ID prefixes, so "web" could find "web-2" or a service whose ID starts with "web": list, then
 * compare names exactly.
 */
import type { NetworkSummary, SwarmObject, SwarmService } from "../docker/app-schemas";
import type { SwarmObjectKind } from "../docker/objects-api";
import type { CommandContext } from "./types";

export async function findService({ docker, signal }: CommandContext, name: string): Promise<SwarmService | null> {
  const candidates = await docker.listServices({ name, signal });
  return candidates.find((service) => service.Spec.Name === name) ?? null;
}

export async function findNetworks({ docker, signal }: CommandContext, name: string): Promise<NetworkSummary[]> {
  const networks = (await docker.listNetworks({ name, signal })).filter((network) => network.Name === name);
  // a manager may list a swarm network twice (the cluster's and its local copy): once is enough
  return networks.filter((network, at) => networks.findIndex((other) => other.Id === network.Id) === at);
}

export async function findSwarmObject(
  { docker, signal }: CommandContext,
  kind: SwarmObjectKind,
  name: string,
): Promise<SwarmObject | null> {
  const candidates = await docker.listSwarmObjects({ kind, name, signal });
  return candidates.find((object) => object.Spec.Name === name) ?? null;
}
