/**
 * A stable fingerprint of an inventory, to send `inventory` only when something changed. Free
 * disk space moves all the time, so it counts only in whole percent of the disk.
 */
import { createHash } from "node:crypto";
import type { Inventory } from "@/lib/protocol";
import { canonicalJson } from "@/lib/protocol/canonical-json";

export function inventoryHash(inventory: Inventory): string {
  const { disk, ...rest } = inventory;
  const diskKey = disk
    ? {
        path: disk.path,
        totalBytes: disk.totalBytes,
        freePercent: disk.totalBytes > 0 ? Math.round((disk.freeBytes / disk.totalBytes) * 100) : 0,
      }
    : null;
  return createHash("sha256")
    .update(canonicalJson({ ...rest, disk: diskKey }))
    .digest("hex");
}
