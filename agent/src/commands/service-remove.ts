/** service.remove (manager only): remove the service by exact name; removed: false when it does not exist. */
import { findService } from "./find-by-name";
import type { CommandHandler } from "./types";

export const serviceRemove: CommandHandler<"service.remove"> = async (payload, context) => {
  const service = await findService(context, payload.name);
  if (!service) return { removed: false };
  const removed = await context.docker.removeService({ id: service.ID, signal: context.signal });
  if (removed) context.log.info("service removed", { service: payload.name, id: service.ID });
  return { removed };
};
