/**
 * The latest metrics batch of every node connected to this gateway, ready for Prometheus to scrape
 * (GET /metrics). Memory only: it is a cache of each node's newest sample, and Prometheus keeps the
 * history. A batch is rendered to exposition text once, when it arrives, so a scrape only joins
 * strings (1,000 nodes × 30 containers stay far under 100 ms; see metrics-store.test.ts).
 *
 * Labels `org`, `cluster`, `node` and `hostname` come from the connection's credential, never from
 * the message, so an agent can only label its own node's series. A node's series go when it
 * disconnects, or when its latest batch is older than three of its intervals (an agent that stays
 * connected but stopped sampling must not look alive on the charts).
 */
import { LABEL, METRIC } from "@/lib/metrics/metric-names";
import type { ContainerSample, MetricsMessage, NodeSample } from "@/lib/protocol/metrics";
import { familyHeader, labelPairs, sampleLine, type Family } from "./exposition";

export type NodeIdentity = { orgId: string; clusterId: string; nodeId: string; hostname: string };

type Measured<S> = Family & { value: (sample: S) => number | null };

const gauge = <S>(name: string, help: string, value: (sample: S) => number | null): Measured<S> => ({ name, help, type: "gauge", value });

const CONTAINER_FAMILIES: Array<Measured<ContainerSample>> = [
  gauge(
    METRIC.containerCpuPercent,
    "CPU use over the sampling interval, % of the container's CPU limit (of one core without a limit).",
    (c) => c.cpuPercent,
  ),
  gauge(METRIC.containerMemoryUsedBytes, "Memory used by the container.", (c) => c.memoryUsedBytes),
  gauge(METRIC.containerMemoryLimitBytes, "The container's memory limit (the node's memory without one).", (c) => c.memoryLimitBytes),
  gauge(METRIC.containerMemoryPercent, "Memory used, % of the limit.", (c) =>
    c.memoryLimitBytes > 0 ? (c.memoryUsedBytes / c.memoryLimitBytes) * 100 : null,
  ),
  gauge(METRIC.containerNetworkRxBytesPerSecond, "Bytes received per second over the sampling interval.", (c) => c.networkRxBytesPerSecond),
  gauge(METRIC.containerNetworkTxBytesPerSecond, "Bytes sent per second over the sampling interval.", (c) => c.networkTxBytesPerSecond),
  gauge(
    METRIC.containerBlockReadBytesPerSecond,
    "Block device bytes read per second over the sampling interval.",
    (c) => c.blockReadBytesPerSecond,
  ),
  gauge(
    METRIC.containerBlockWriteBytesPerSecond,
    "Block device bytes written per second over the sampling interval.",
    (c) => c.blockWriteBytesPerSecond,
  ),
  gauge(METRIC.containerRestarts, "Earlier containers of the same task slot that exited with a non-zero code.", (c) => c.restarts),
  gauge(METRIC.containerUnhealthy, "1 while the container's health check fails, else 0.", (c) => (c.health === "unhealthy" ? 1 : 0)),
];

const NODE_FAMILIES: Array<Measured<NodeSample>> = [
  gauge(METRIC.nodeCpuPercent, "The node's CPU use over the sampling interval, % of all its cores.", (n) => n.cpuPercent),
  gauge(METRIC.nodeMemoryUsedBytes, "Memory in use on the node.", (n) => n.memoryUsedBytes),
  gauge(METRIC.nodeMemoryTotalBytes, "The node's memory.", (n) => n.memoryTotalBytes),
  gauge(METRIC.nodeLoad1, "The node's one-minute load average.", (n) => n.load1),
  gauge(
    METRIC.nodeNetworkRxBytesPerSecond,
    "Bytes the node received per second over the sampling interval.",
    (n) => n.networkRxBytesPerSecond,
  ),
  gauge(METRIC.nodeNetworkTxBytesPerSecond, "Bytes the node sent per second over the sampling interval.", (n) => n.networkTxBytesPerSecond),
  gauge(METRIC.nodeContainersRunning, "Containers running on the node.", (n) => n.containersRunning),
];

const SAMPLE_AGE: Family = {
  name: METRIC.nodeSampleAgeSeconds,
  help: "Seconds since this gateway received the node's latest metrics batch (the agent's clock is not trusted).",
  type: "gauge",
};

/** A node's series are dropped once its batch is older than this many of its own intervals. */
export const STALE_AFTER_INTERVALS = 3;

type Entry = {
  /** The connection that sent it: an older connection closing must not drop a newer one's batch. */
  owner: object;
  receivedAt: number;
  intervalMs: number;
  nodePairs: string;
  /** Rendered sample lines, one buffer per family (CONTAINER_FAMILIES then NODE_FAMILIES): a scrape copies bytes, encodes nothing. */
  lines: Buffer[];
  series: number;
};

export class MetricsStore {
  private readonly nodes = new Map<string, Entry>();

  /** Nodes with a batch (stale ones included until the next render). */
  get size(): number {
    return this.nodes.size;
  }

  /** Series the last put batches hold (for the gateway's own metrics). */
  get series(): number {
    let n = 0;
    for (const e of this.nodes.values()) n += e.series;
    return n;
  }

  put(owner: object, identity: NodeIdentity, batch: MetricsMessage, now: number = Date.now()): void {
    const nodePairs = labelPairs([
      [LABEL.org, identity.orgId],
      [LABEL.cluster, identity.clusterId],
      [LABEL.node, identity.nodeId],
      [LABEL.hostname, identity.hostname],
    ]);
    const lines = Array.from({ length: CONTAINER_FAMILIES.length + NODE_FAMILIES.length }, () => [] as string[]);
    let series = 0;
    const seen = new Set<string>();
    for (const c of batch.containers) {
      // A container listed twice would be a duplicate series, which Prometheus refuses: first wins.
      if (seen.has(c.container)) continue;
      seen.add(c.container);
      const pairs = `${nodePairs},${labelPairs([
        [LABEL.application, c.application],
        [LABEL.service, c.service],
        [LABEL.swarmService, c.swarmService],
        [LABEL.task, c.task],
        [LABEL.container, c.container],
      ])}`;
      CONTAINER_FAMILIES.forEach((f, i) => {
        const v = f.value(c);
        if (v === null) return;
        lines[i]?.push(sampleLine(f.name, pairs, v));
        series++;
      });
    }
    NODE_FAMILIES.forEach((f, i) => {
      const v = f.value(batch.node);
      if (v === null) return;
      lines[CONTAINER_FAMILIES.length + i]?.push(sampleLine(f.name, nodePairs, v));
      series++;
    });
    this.nodes.set(identity.nodeId, {
      owner,
      receivedAt: now,
      intervalMs: batch.intervalSeconds * 1000,
      nodePairs,
      lines: lines.map((l) => Buffer.from(l.join(""))),
      series,
    });
  }

  /** The node's connection closed: its series go (unless a newer connection already replaced them). */
  drop(owner: object, nodeId: string): void {
    if (this.nodes.get(nodeId)?.owner === owner) this.nodes.delete(nodeId);
  }

  /** Exposition text in chunks (write them in order); forgets nodes whose batch went stale. */
  render(now: number = Date.now()): Buffer[] {
    const live: Entry[] = [];
    for (const [nodeId, e] of this.nodes) {
      if (now - e.receivedAt > STALE_AFTER_INTERVALS * e.intervalMs) this.nodes.delete(nodeId);
      else live.push(e);
    }
    const out: Buffer[] = [];
    [...CONTAINER_FAMILIES, ...NODE_FAMILIES].forEach((family, i) => {
      out.push(Buffer.from(familyHeader(family)));
      for (const e of live) if (e.lines[i]?.length) out.push(e.lines[i]);
    });
    const ages = live.map((e) => sampleLine(SAMPLE_AGE.name, e.nodePairs, Math.max(0, now - e.receivedAt) / 1000));
    out.push(Buffer.from(familyHeader(SAMPLE_AGE) + ages.join("")));
    return out;
  }
}
