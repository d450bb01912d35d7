import type { LbStats } from "./types";

/** Stats of a cloud balancer whose traffic figures live in the provider's monitoring service, which Wharf does not read. */
export async function unreportedStats(): Promise<LbStats> {
  return { at: new Date().toISOString(), listeners: [], available: false };
}
