import { createHash } from "node:crypto";
import type { Inventory } from "@/lib/protocol/inventory";

/** A stable hash of an inventory, to write it only when it changed. */
export function inventoryHash(inventory: Inventory): string {
  return createHash("sha256").update(stableStringify(inventory)).digest("hex");
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The columns of Node derived from an inventory (searchable and shown in lists). */
export function inventoryColumns(inventory: Inventory) {
  return {
    hostname: inventory.hostname,
    cpuCores: inventory.cpu.cores,
    memoryBytes: BigInt(inventory.memoryBytes),
    dockerVersion: inventory.docker.version,
    gpuCount: inventory.gpus.length,
    address: inventory.advertiseAddr ?? inventory.addresses[0] ?? null,
    swarmNodeId: inventory.swarm.state === "active" ? inventory.swarm.nodeId : null,
  };
}
