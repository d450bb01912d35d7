import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/protocol/canonical-json";
import type { Inventory } from "@/lib/protocol/inventory";

/** A stable hash of an inventory, to write it only when it changed. */
export function inventoryHash(inventory: Inventory): string {
  return createHash("sha256").update(canonicalJson(inventory)).digest("hex");
}

/** The columns of Node derived from an inventory (searchable and shown in lists). */
export function inventoryColumns(inventory: Inventory) {
  return {
    hostname: inventory.hostname,
    cpuCores: inventory.cpu.cores,
    memoryBytes: BigInt(inventory.memoryBytes),
    dockerVersion: inventory.docker.version,
    gpuCount: inventory.gpus.length,
    // The address the swarm uses for this node, not whichever interface sorts first (a new one would take over).
    address: inventory.advertiseAddr ?? inventory.swarm.nodeAddr ?? inventory.addresses[0] ?? null,
    swarmNodeId: inventory.swarm.state === "active" ? inventory.swarm.nodeId : null,
  };
}
