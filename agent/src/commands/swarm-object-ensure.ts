/**
 * secret.ensure / config.ensure (manager only): create the swarm secret or config if no object
 * of that name exists. Both are immutable — Wharf gives changed data a new name — so an existing
 * one is success (created: false) without looking at its data. The data is never logged and never
 * part of an error message.
 */
import { isDockerError } from "../docker/docker-error";
import type { SwarmObjectKind } from "../docker/objects-api";
import { CommandError } from "./command-error";
import { findSwarmObject } from "./find-by-name";
import type { CommandHandler } from "./types";

// standard base64 with padding: what the Engine API decodes into the object's bytes
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// the secret and config commands have the same payload and result: one implementation serves both
export function ensureSwarmObject<T extends "secret.ensure" | "config.ensure">(command: T): CommandHandler<T> {
  const kind: SwarmObjectKind = command.startsWith("secret.") ? "secret" : "config";
  const handler: CommandHandler<"secret.ensure" | "config.ensure"> = async (payload, context) => {
    const { name, labels, dataBase64 } = payload;
    for (let attempt = 1; ; attempt++) {
      const existing = await findSwarmObject(context, kind, name);
      if (existing) return { id: existing.ID, created: false };
      if (!BASE64.test(dataBase64)) throw new CommandError("INVALID_PAYLOAD", `the data of ${kind} ${name} is not valid base64`);
      try {
        const id = await context.docker.createSwarmObject({ kind, name, dataBase64, labels, signal: context.signal });
        context.log.info(`${kind} created`, { name, id, bytes: Buffer.byteLength(dataBase64, "base64") });
        return { id, created: true };
      } catch (error) {
        // created concurrently between our lookup and our create: use that one
        if (attempt < 2 && isDockerError(error, 409)) continue;
        throw error;
      }
    }
  };
  return handler as CommandHandler<T>;
}
