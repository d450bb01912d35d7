/**
 * An inventory collector for unit tests that reads only the (fake) engine: no nvidia-smi, no host
 * interfaces, no disk figures, so results do not depend on the machine running the tests. A test
 * that is about one of those sources passes its own.
 */
import { createInventoryCollector, type CollectInventory, type InventorySources } from "../inventory/collect-inventory";
import { silentLogger } from "../log/logger";

export function offlineInventoryCollector(
  docker: InventorySources["docker"],
  sources: Partial<Omit<InventorySources, "docker">> = {},
): CollectInventory {
  return createInventoryCollector({
    docker,
    log: silentLogger,
    advertiseAddr: null,
    readNvidia: async () => [],
    hostAddresses: () => [],
    diskUsage: async () => null,
    ...sources,
  });
}
