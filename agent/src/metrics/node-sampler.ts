/**
 * The node's part of a metrics batch: CPU, memory and load as the heartbeat measures them (its own
 * sampler, so the two do not share CPU readings), plus the network rates of the agent's network
 * namespace — the host's, as the agent runs with the host network — over its physical interfaces.
 */
import type { NodeSample } from "@/lib/protocol/metrics";
import { createHostUsageSampler, readText, type ReadText } from "../session/host-usage";
import { ratePerSecond } from "./container-sample";
import { parseNetDev, VIRTUAL_INTERFACE, type NetBytes } from "./net-dev";

export type NodeSampler = { sample(containersRunning: number): Promise<NodeSample> };

export type NodeSamplerOptions = { procRoot?: string; read?: ReadText; now?: () => number };

export function createNodeSampler({
  procRoot = "/proc",
  read = readText,
  now = () => performance.now(),
}: NodeSamplerOptions = {}): NodeSampler {
  const usage = createHostUsageSampler(read, procRoot);
  let previous: { at: number; net: NetBytes } | null = null;
  return {
    async sample(containersRunning) {
      const [host, netDev] = await Promise.all([usage.sample(), read(`${procRoot}/net/dev`)]);
      const current = { at: now(), net: parseNetDev(netDev, VIRTUAL_INTERFACE) };
      const seconds = previous ? (current.at - previous.at) / 1000 : 0;
      const rate = (pick: (net: NetBytes) => number) =>
        previous ? Math.round(ratePerSecond(pick(previous.net), pick(current.net), seconds)) : 0;
      const sample = {
        ...host,
        networkRxBytesPerSecond: rate((n) => n.rxBytes),
        networkTxBytesPerSecond: rate((n) => n.txBytes),
        containersRunning,
      };
      previous = current;
      return sample;
    },
  };
}
