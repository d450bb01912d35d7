/** Command type → handler. Typed as a complete map, so a command added to lib/protocol without a handler fails to compile. */
import type { CommandType } from "@/lib/protocol";
import { appPrune } from "./app-prune";
import {
  haproxyBackendDrain,
  haproxyBackendsSet,
  haproxyDescribe,
  haproxyListenerDelete,
  haproxyListenerEnsure,
  haproxyRemove,
  haproxyStats,
} from "./haproxy-commands";
import { logsStart } from "./logs-start";
import { logsStop } from "./logs-stop";
import { networkEnsure } from "./network-ensure";
import { networkRemove } from "./network-remove";
import { networksList } from "./networks-list";
import { nodeRemove } from "./node-remove";
import { nodeUpdate } from "./node-update";
import { serviceApply } from "./service-apply";
import { serviceRemove } from "./service-remove";
import { servicesStatus } from "./services-status";
import { swarmInit } from "./swarm-init";
import { taskStop } from "./task-stop";
import { swarmInspect } from "./swarm-inspect";
import { swarmJoin } from "./swarm-join";
import { swarmLeave } from "./swarm-leave";
import { ensureSwarmObject } from "./swarm-object-ensure";
import { removeSwarmObject } from "./swarm-object-remove";
import type { CommandHandler } from "./types";
import { volumesRemove } from "./volumes-remove";

export type CommandHandlers = { [T in CommandType]: CommandHandler<T> };

export const commandHandlers: CommandHandlers = {
  "swarm.init": swarmInit,
  "swarm.join": swarmJoin,
  "swarm.leave": swarmLeave,
  "swarm.inspect": swarmInspect,
  "node.update": nodeUpdate,
  "node.remove": nodeRemove,
  "network.ensure": networkEnsure,
  "network.remove": networkRemove,
  "secret.ensure": ensureSwarmObject("secret.ensure"),
  "secret.remove": removeSwarmObject("secret.remove"),
  "config.ensure": ensureSwarmObject("config.ensure"),
  "config.remove": removeSwarmObject("config.remove"),
  "service.apply": serviceApply,
  "service.remove": serviceRemove,
  "services.status": servicesStatus,
  "networks.list": networksList,
  "task.stop": taskStop,
  "app.prune": appPrune,
  "volumes.remove": volumesRemove,
  "logs.start": logsStart,
  "logs.stop": logsStop,
  "haproxy.listener.ensure": haproxyListenerEnsure,
  "haproxy.backends.set": haproxyBackendsSet,
  "haproxy.backend.drain": haproxyBackendDrain,
  "haproxy.listener.delete": haproxyListenerDelete,
  "haproxy.describe": haproxyDescribe,
  "haproxy.stats": haproxyStats,
  "haproxy.remove": haproxyRemove,
};
