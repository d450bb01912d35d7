/**
 * network.ensure (manager only for overlays): create the application's network if it does not
 * exist. A network with that name and driver is success (created: false) whatever its labels —
 * networks cannot be changed in place; a same-named network of another driver is a conflict.
 */
import { isDockerError } from "../docker/docker-error";
import type { NetworkSummary } from "../docker/app-schemas";
import { CommandError } from "./command-error";
import { enforceNetworkDriver } from "./enforce-workload-policy";
import { findNetworks } from "./find-by-name";
import type { CommandHandler } from "./types";

export const networkEnsure: CommandHandler<"network.ensure"> = async (payload, context) => {
  const { name, driver } = payload;
  enforceNetworkDriver(driver);
  // the second round handles a network created concurrently, between our lookup and our create
  for (let attempt = 1; ; attempt++) {
    const existing = pick(await findNetworks(context, name), name, driver);
    if (existing) return { id: existing.Id, created: false };
    try {
      const id = await context.docker.createNetwork({
        name,
        driver,
        attachable: payload.attachable,
        labels: payload.labels,
        options: payload.options,
        signal: context.signal,
      });
      context.log.info("network created", { network: name, id, driver });
      return { id, created: true };
    } catch (error) {
      if (attempt < 2 && isDockerError(error, 409)) continue;
      throw error;
    }
  }
};

function pick(networks: NetworkSummary[], name: string, driver: string): NetworkSummary | null {
  if (networks.length === 0) return null;
  // A swarm network listed right after its creation can show an empty driver for a moment: that is
  // the one just made, not a conflicting one.
  const same = networks.find((network) => network.Driver === driver) ?? networks.find((network) => !network.Driver);
  if (same) return same;
  const others = [...new Set(networks.map((network) => network.Driver || "unknown"))].join(", ");
  throw new CommandError("CONFLICT", `a network named "${name}" already exists with driver ${others}, not ${driver}; rename or remove it`);
}
