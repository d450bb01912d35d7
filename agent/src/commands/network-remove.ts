/**
 * network.remove (manager for overlays): remove the network by name. Missing is removed: false;
 * a network a service or container still uses fails with IN_USE and Docker's explanation.
 */
import { findNetworks } from "./find-by-name";
import { inUseError, isInUse } from "./in-use";
import type { CommandHandler } from "./types";

export const networkRemove: CommandHandler<"network.remove"> = async (payload, context) => {
  let removed = false;
  // normally one; Docker allows a local and a swarm network of the same name
  for (const network of await findNetworks(context, payload.name)) {
    try {
      if (await context.docker.removeNetwork({ id: network.Id, signal: context.signal })) removed = true;
    } catch (error) {
      if (isInUse(error)) throw inUseError(`network ${payload.name}`, error);
      throw error;
    }
  }
  if (removed) context.log.info("network removed", { network: payload.name });
  return { removed };
};
