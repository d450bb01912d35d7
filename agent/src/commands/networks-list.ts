/** networks.list: the networks this engine knows, by id and name (a manager lists the swarm's overlays too). */
import type { CommandHandler } from "./types";

export const networksList: CommandHandler<"networks.list"> = async (_payload, { docker, signal }) => ({
  networks: (await docker.listNetworks({ signal }))
    .map((network) => ({ id: network.Id, name: network.Name, driver: network.Driver, scope: network.Scope }))
    .sort((a, b) => a.name.localeCompare(b.name)),
});
