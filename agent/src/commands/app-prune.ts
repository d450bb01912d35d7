/**
 * app.prune (manager only): remove the application's secrets, configs and networks — those
 * carrying all the labels — except the names to keep (the ones the current version uses). Each
 * object is tried: one still in use is reported under `failed` with Docker's reason and the rest
 * are still removed; a repeat finds only what failed before. Secrets and configs go first, since
 * a network is often freed last (tasks detach from it while they shut down).
 */
import { isDockerError } from "../docker/docker-error";
import type { SwarmObjectKind } from "../docker/objects-api";
import { hasLabels, requireLabels } from "./label-match";
import type { CommandContext, CommandHandler } from "./types";

type Kind = SwarmObjectKind | "network";
type Failure = { kind: Kind; name: string; error: string };
type Candidate = { id: string; name: string; labels: Record<string, string> };

export const appPrune: CommandHandler<"app.prune"> = async (payload, context) => {
  const { labels, keep } = payload;
  requireLabels("app.prune", labels);
  const failed: Failure[] = [];
  const select = (candidates: Candidate[], names: readonly string[]) => {
    const kept = new Set(names);
    return candidates.filter((candidate) => hasLabels(candidate.labels, labels) && !kept.has(candidate.name));
  };
  const secrets = await prune(context, "secret", select(await listObjects(context, "secret", labels), keep.secrets), failed);
  const configs = await prune(context, "config", select(await listObjects(context, "config", labels), keep.configs), failed);
  const networks = await prune(context, "network", select(await listNetworks(context, labels), keep.networks), failed);
  if (secrets.length + configs.length + networks.length + failed.length > 0) {
    context.log.info("application objects pruned", {
      secrets,
      configs,
      networks,
      failed: failed.map(({ kind, name }) => `${kind} ${name}`),
    });
  }
  return { removed: { secrets, configs, networks }, failed };
};

async function listObjects(context: CommandContext, kind: SwarmObjectKind, labels: Record<string, string>): Promise<Candidate[]> {
  const objects = await context.docker.listSwarmObjects({ kind, labels, signal: context.signal });
  return objects.map((object) => ({ id: object.ID, name: object.Spec.Name, labels: object.Spec.Labels }));
}

async function listNetworks(context: CommandContext, labels: Record<string, string>): Promise<Candidate[]> {
  const networks = await context.docker.listNetworks({ labels, signal: context.signal });
  return networks.map((network) => ({ id: network.Id, name: network.Name, labels: network.Labels }));
}

async function prune(context: CommandContext, kind: Kind, doomed: Candidate[], failed: Failure[]): Promise<string[]> {
  const { docker, signal } = context;
  const removed: string[] = [];
  for (const candidate of doomed.sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      const gone =
        kind === "network"
          ? await docker.removeNetwork({ id: candidate.id, signal })
          : await docker.removeSwarmObject({ kind, id: candidate.id, signal });
      // false: removed by someone else meanwhile, which is what we wanted
      if (gone) removed.push(candidate.name);
    } catch (error) {
      if (!isDockerError(error) || error.statusCode === null) throw error;
      failed.push({ kind, name: candidate.name, error: error.detail });
    }
  }
  return removed;
}
