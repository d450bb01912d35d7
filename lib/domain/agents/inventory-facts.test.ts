import { describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/protocol/inventory";
import { inventoryColumns } from "./inventory-facts";

const inventory = (over: Partial<Inventory> = {}, swarm: Partial<Inventory["swarm"]> = {}): Inventory => ({
  machineId: "m1",
  hostname: "vm",
  os: { name: "Debian", kernel: "6.1", arch: "x86_64" },
  cpu: { cores: 2 },
  memoryBytes: 1024,
  disk: null,
  docker: { version: "28.2.2", apiVersion: "1.50", rootDir: "/var/lib/docker", storageDriver: "overlay2" },
  gpus: [],
  engineLabels: {},
  addresses: ["10.77.0.1", "192.0.2.2"],
  advertiseAddr: null,
  swarm: {
    state: "active",
    nodeId: "n1",
    clusterId: "s1",
    isManager: true,
    managerAddrs: ["192.0.2.2:2377"],
    nodeAddr: "192.0.2.2",
    error: null,
    ...swarm,
  },
  ...over,
});

describe("a node's address", () => {
  it("is the one the swarm uses, not whichever interface sorts first (a new interface does not take over)", () => {
    expect(inventoryColumns(inventory()).address).toBe("192.0.2.2");
  });

  it("is the configured advertise address when there is one", () => {
    expect(inventoryColumns(inventory({ advertiseAddr: "192.0.2.9" })).address).toBe("192.0.2.9");
  });

  it("outside a swarm (or from an agent that does not report the swarm's address), the first of the machine's addresses", () => {
    expect(inventoryColumns(inventory({}, { state: "inactive", nodeId: null, clusterId: null, nodeAddr: null })).address).toBe("10.77.0.1");
    const { nodeAddr: _omitted, ...older } = inventory().swarm;
    expect(inventoryColumns(inventory({ swarm: older })).address).toBe("10.77.0.1");
  });
});
