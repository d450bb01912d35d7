/**
 * secret.remove / config.remove (manager only): remove by name. Missing is removed: false; one a
 * service still mounts fails with IN_USE naming the service.
 */
import type { SwarmObjectKind } from "../docker/objects-api";
import { findSwarmObject } from "./find-by-name";
import { inUseError, isInUse } from "./in-use";
import type { CommandHandler } from "./types";

// the secret and config commands have the same payload and result: one implementation serves both
export function removeSwarmObject<T extends "secret.remove" | "config.remove">(command: T): CommandHandler<T> {
  const kind: SwarmObjectKind = command.startsWith("secret.") ? "secret" : "config";
  const handler: CommandHandler<"secret.remove" | "config.remove"> = async (payload, context) => {
    const existing = await findSwarmObject(context, kind, payload.name);
    if (!existing) return { removed: false };
    let removed;
    try {
      removed = await context.docker.removeSwarmObject({ kind, id: existing.ID, signal: context.signal });
    } catch (error) {
      if (isInUse(error)) throw inUseError(`${kind} ${payload.name}`, error);
      throw error;
    }
    if (removed) context.log.info(`${kind} removed`, { name: payload.name, id: existing.ID });
    return { removed };
  };
  return handler as CommandHandler<T>;
}
