import type { Inventory } from "../../lib/protocol/inventory";

/**
 * A machine's inventory as an agent reports it at join, for a node registered but never connected:
 * contract tests (tenancy, input checks) and console pages that need a node row without an engine.
 * Tests about agents use real agents and engines.
 */
export function testInventory(machineId: string, address = "10.0.0.1"): Inventory {
  return {
    machineId,
    hostname: machineId,
    os: { name: "Debian GNU/Linux 12", kernel: "6.1", arch: "x86_64" },
    cpu: { cores: 2 },
    memoryBytes: 2 ** 31,
    disk: null,
    docker: { version: "20.10.24", apiVersion: "1.41", rootDir: "/var/lib/docker", storageDriver: "overlay2" },
    gpus: [],
    engineLabels: {},
    addresses: [address],
    advertiseAddr: null,
    swarm: { state: "inactive", nodeId: null, clusterId: null, isManager: false, managerAddrs: [], error: null },
  };
}
