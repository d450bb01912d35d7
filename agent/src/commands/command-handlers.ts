/** Command type → handler. Typed as a complete map, so a command added to lib/protocol without a handler fails to compile. */
import type { CommandType } from "@/lib/protocol";
import { nodeRemove } from "./node-remove";
import { nodeUpdate } from "./node-update";
import { swarmInit } from "./swarm-init";
import { swarmInspect } from "./swarm-inspect";
import { swarmJoin } from "./swarm-join";
import { swarmLeave } from "./swarm-leave";
import type { CommandHandler } from "./types";

export type CommandHandlers = { [T in CommandType]: CommandHandler<T> };

export const commandHandlers: CommandHandlers = {
  "swarm.init": swarmInit,
  "swarm.join": swarmJoin,
  "swarm.leave": swarmLeave,
  "swarm.inspect": swarmInspect,
  "node.update": nodeUpdate,
  "node.remove": nodeRemove,
};
