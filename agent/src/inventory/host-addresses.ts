/** Non-internal IPv4 addresses of the machine the agent runs on, sorted for a stable inventory. */
import os from "node:os";

type Interfaces = ReturnType<typeof os.networkInterfaces>;

export function hostIpv4Addresses(interfaces: Interfaces = os.networkInterfaces()): string[] {
  const found = new Set<string>();
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family === "IPv4" && !entry.internal) found.add(entry.address);
    }
  }
  return [...found].sort();
}
