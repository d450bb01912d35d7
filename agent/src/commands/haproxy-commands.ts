/** The haproxy.* command handlers: thin adapters onto the agent's HAProxy manager (agent/src/haproxy). */
import type { HaproxyManager } from "../haproxy/haproxy-manager";
import { CommandError } from "./command-error";
import type { CommandContext, CommandHandler } from "./types";

function manager(context: CommandContext): HaproxyManager {
  if (!context.haproxy) throw new CommandError("HAPROXY_UNAVAILABLE", "this agent does not run HAProxy load balancers");
  return context.haproxy;
}

export const haproxyListenerEnsure: CommandHandler<"haproxy.listener.ensure"> = (payload, context) =>
  manager(context).ensureListener(payload);
export const haproxyBackendsSet: CommandHandler<"haproxy.backends.set"> = (payload, context) => manager(context).setBackends(payload);
export const haproxyBackendDrain: CommandHandler<"haproxy.backend.drain"> = (payload, context) => manager(context).drainBackend(payload);
export const haproxyListenerDelete: CommandHandler<"haproxy.listener.delete"> = (payload, context) =>
  manager(context).deleteListener(payload);
export const haproxyDescribe: CommandHandler<"haproxy.describe"> = (payload, context) => manager(context).describe(payload);
export const haproxyStats: CommandHandler<"haproxy.stats"> = (payload, context) => manager(context).stats(payload);
export const haproxyRemove: CommandHandler<"haproxy.remove"> = (payload, context) => manager(context).remove(payload);
