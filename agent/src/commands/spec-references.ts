/**
 * The names a ServiceSpec refers to, resolved the way the engine needs or stores them:
 * - secrets and configs must be sent with their IDs (the engine refuses a reference by name alone,
 *   "malformed secret reference"), so missing SecretID/ConfigID are filled in from the names;
 * - networks may be given by name but the engine stores their IDs, so comparing a desired spec
 *   with the stored one needs the names mapped to IDs (the spec sent keeps the names).
 */
import { CommandError } from "./command-error";
import { findNetworks, findSwarmObject } from "./find-by-name";
import type { CommandContext } from "./types";

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Fills SecretID/ConfigID from SecretName/ConfigName in place; NOT_FOUND when one does not exist. */
export async function fillObjectIds(spec: Json, context: CommandContext): Promise<void> {
  const containerSpec = isRecord(spec.TaskTemplate) && isRecord(spec.TaskTemplate.ContainerSpec) ? spec.TaskTemplate.ContainerSpec : null;
  if (!containerSpec) return;
  const kinds = [
    { kind: "secret", list: containerSpec.Secrets, idKey: "SecretID", nameKey: "SecretName" },
    { kind: "config", list: containerSpec.Configs, idKey: "ConfigID", nameKey: "ConfigName" },
  ] as const;
  for (const { kind, list, idKey, nameKey } of kinds) {
    for (const reference of records(list)) {
      const name = reference[nameKey];
      if (typeof reference[idKey] === "string" && reference[idKey] !== "") continue;
      if (typeof name !== "string" || name === "") continue; // the engine will say what is wrong
      const found = await findSwarmObject(context, kind, name);
      if (!found) throw new CommandError("NOT_FOUND", `the service uses ${kind} "${name}", which does not exist; ensure it first`);
      reference[idKey] = found.ID;
    }
  }
}

/** A copy of the spec whose network targets are IDs where a network of that name exists. */
export async function withNetworkIds(spec: Json, context: CommandContext): Promise<Json> {
  const copy = structuredClone(spec);
  const attachments = [...records(isRecord(copy.TaskTemplate) ? copy.TaskTemplate.Networks : undefined), ...records(copy.Networks)];
  for (const attachment of attachments) {
    if (typeof attachment.Target !== "string") continue;
    const networks = await findNetworks(context, attachment.Target);
    // the swarm-scoped one is the network a service can use
    const network = networks.find((candidate) => candidate.Scope === "swarm") ?? networks[0];
    if (network) attachment.Target = network.Id;
  }
  return copy;
}
