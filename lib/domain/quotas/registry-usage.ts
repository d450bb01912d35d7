/**
 * Registry storage per organisation (distinct compressed blobs its tags reference), measured in
 * the registry itself and cached for a minute per process: the registry token endpoint asks on
 * every `docker push`, and measuring walks every tag. A recorded push or delete drops the
 * organisation's entry so the next token sees the new size.
 */
import { organizationUsage } from "../registry/repositories/registry-overview";

const TTL_MS = 60_000;
const cache = new Map<string, { bytes: number; at: number; pending?: Promise<number> }>();

export async function registryUsageBytes({ orgId, fresh = false }: { orgId: string; fresh?: boolean }): Promise<number> {
  const hit = cache.get(orgId);
  if (!fresh && hit && Date.now() - hit.at < TTL_MS) return hit.bytes;
  if (!fresh && hit?.pending) return hit.pending;
  const pending = organizationUsage({ orgId }).then((u) => u.bytes);
  cache.set(orgId, { bytes: hit?.bytes ?? 0, at: 0, pending });
  try {
    const bytes = await pending;
    cache.set(orgId, { bytes, at: Date.now() });
    return bytes;
  } catch (err) {
    cache.delete(orgId);
    throw err;
  }
}

/** Called when a push or delete was recorded for the organisation. */
export function forgetRegistryUsage(orgId: string): void {
  cache.delete(orgId);
}
