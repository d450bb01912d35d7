import { describe, expect, it } from "vitest";
import { METRIC } from "@/lib/metrics/metric-names";
import type { ContainerSample, MetricsMessage } from "@/lib/protocol/metrics";
import { escapeLabelValue, formatValue, labelPairs, sampleLine } from "./exposition";
import { MetricsStore, type NodeIdentity } from "./metrics-store";

const identity = (i: number): NodeIdentity => ({
  orgId: `org${i % 7}`,
  clusterId: `cluster${i % 13}`,
  nodeId: `node${i}`,
  hostname: `host-${i}`,
});

function container(i: number, extra: Partial<ContainerSample> = {}): ContainerSample {
  return {
    container: `c${i.toString(16).padStart(11, "0")}`,
    task: `task${i}`,
    swarmService: "shop_web",
    application: "shop",
    service: "web",
    slot: i,
    cpuPercent: 12.5,
    memoryUsedBytes: 100 * 2 ** 20,
    memoryLimitBytes: 400 * 2 ** 20,
    networkRxBytesPerSecond: 1000,
    networkTxBytesPerSecond: 2000,
    blockReadBytesPerSecond: 0,
    blockWriteBytesPerSecond: 4096,
    restarts: 0,
    health: "healthy",
    ...extra,
  };
}

function batch(containers: ContainerSample[], intervalSeconds = 10): MetricsMessage {
  return {
    type: "metrics",
    at: 1_700_000_000_000,
    intervalSeconds,
    containers,
    node: {
      cpuPercent: 40,
      memoryUsedBytes: 2 ** 31,
      memoryTotalBytes: 2 ** 33,
      load1: 0.5,
      networkRxBytesPerSecond: 10,
      networkTxBytesPerSecond: 20,
      containersRunning: containers.length,
    },
  };
}

/** name{labels} value lines of a given metric, as [labels text, value]. */
function samples(text: string, name: string): Array<[string, string]> {
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`))
    .map((l) => {
      const end = l.lastIndexOf("} ");
      return [l.slice(name.length + 1, end), l.slice(end + 2)];
    });
}

const text = (store: MetricsStore) => Buffer.concat(store.render()).toString();

describe("exposition format", () => {
  it("escapes backslash, double quote and line feed in label values, and nothing else", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeLabelValue("plain-value_1.2 {x}=,")).toBe("plain-value_1.2 {x}=,");
    expect(
      labelPairs([
        ["a", "x"],
        ["b", 'y"'],
      ]),
    ).toBe('a="x",b="y\\""');
    expect(sampleLine("m", "", 1)).toBe("m 1\n");
  });

  it("formats numbers as Prometheus reads them", () => {
    expect([NaN, Infinity, -Infinity, 0.25, 1e21].map(formatValue)).toEqual(["NaN", "+Inf", "-Inf", "0.25", "1e+21"]);
  });
});

describe("metrics store", () => {
  it("labels container and node series from the credential's identity and the container's names", () => {
    const store = new MetricsStore();
    const owner = {};
    store.put(
      owner,
      { orgId: "orgA", clusterId: "clA", nodeId: "n1", hostname: 'evil"host\nname' },
      batch([container(1, { health: "unhealthy" })]),
      1000,
    );
    const text = store.render(2000).map(String).join("");
    const nodeLabels = 'org="orgA",cluster="clA",node="n1",hostname="evil\\"host\\nname"';
    const containerLabels = `${nodeLabels},application="shop",service="web",swarm_service="shop_web",task="task1",container="c00000000001"`;
    expect(samples(text, METRIC.containerCpuPercent)).toEqual([[containerLabels, "12.5"]]);
    expect(samples(text, METRIC.containerMemoryPercent)).toEqual([[containerLabels, "25"]]);
    expect(samples(text, METRIC.containerUnhealthy)).toEqual([[containerLabels, "1"]]);
    expect(samples(text, METRIC.nodeCpuPercent)).toEqual([[nodeLabels, "40"]]);
    expect(samples(text, METRIC.nodeSampleAgeSeconds)).toEqual([[nodeLabels, "1"]]);
    // Every family once, HELP before TYPE before its samples, and every line ends.
    for (const name of Object.values(METRIC)) {
      expect(text.split(`# TYPE ${name} gauge\n`)).toHaveLength(2);
      expect(text.indexOf(`# HELP ${name} `)).toBeLessThan(text.indexOf(`# TYPE ${name} `));
    }
    expect(text.endsWith("\n")).toBe(true);
  });

  it("groups each family's samples across nodes, as the format requires", () => {
    const store = new MetricsStore();
    for (let i = 0; i < 3; i++) store.put({}, identity(i), batch([container(i)]));
    const lines = text(store)
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    const names = lines.map((l) => l.slice(0, l.indexOf("{")));
    const firstSeen = names.filter((n, i) => names.indexOf(n) === i);
    // Once a family's run ends it never appears again.
    expect(names.join(",")).toBe(firstSeen.map((n) => names.filter((x) => x === n).join(",")).join(","));
  });

  it("keeps only the latest batch per node, and a container listed twice once", () => {
    const store = new MetricsStore();
    const owner = {};
    store.put(owner, identity(1), batch([container(1), container(2)]));
    store.put(owner, identity(1), batch([container(3), container(3, { cpuPercent: 99 })]));
    const cpu = samples(text(store), METRIC.containerCpuPercent);
    expect(cpu).toHaveLength(1);
    expect(cpu[0]?.[0]).toContain('container="c00000000003"');
    expect(cpu[0]?.[1]).toBe("12.5");
  });

  it("drops a node's series when its connection closes, but not a newer connection's", () => {
    const store = new MetricsStore();
    const [older, newer] = [{}, {}];
    store.put(older, identity(1), batch([container(1)]));
    store.put(newer, identity(1), batch([container(1)]));
    store.drop(older, "node1");
    expect(store.size).toBe(1);
    store.drop(newer, "node1");
    expect(store.size).toBe(0);
    expect(samples(text(store), METRIC.nodeCpuPercent)).toEqual([]);
  });

  it("forgets a node whose latest batch is older than three of its intervals", () => {
    const store = new MetricsStore();
    store.put({}, identity(1), batch([container(1)], 10), 0);
    store.put({}, identity(2), batch([container(2)], 60), 0);
    expect(samples(store.render(30_000).map(String).join(""), METRIC.nodeLoad1)).toHaveLength(2);
    const later = store.render(30_001).map(String).join("");
    expect(samples(later, METRIC.nodeLoad1).map(([labels]) => labels)).toEqual([expect.stringContaining('node="node2"')]);
    expect(store.size).toBe(1);
  });

  it("renders 1,000 nodes × 30 containers cheaply (time printed, not asserted)", () => {
    const store = new MetricsStore();
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) store.put({}, identity(i), batch(Array.from({ length: 30 }, (_, j) => container(i * 30 + j))));
    const putMs = performance.now() - t0;
    const renders: number[] = [];
    let bytes = 0;
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      const chunks = store.render();
      bytes = chunks.reduce((n, c) => n + c.length, 0);
      renders.push(performance.now() - t);
    }
    const t = performance.now();
    const joined = Buffer.concat(store.render());
    const joinMs = performance.now() - t;
    expect(samples(joined.subarray(0, 2_000_000).toString(), METRIC.containerCpuPercent).length).toBeGreaterThan(1000);
    expect(store.series).toBe(1000 * (30 * 10 + 7));
    process.stdout.write(
      `metrics store, 1,000 nodes × 30 containers: ${store.series} series, ${(bytes / 2 ** 20).toFixed(1)} MiB; ` +
        `1,000 batches put in ${putMs.toFixed(0)} ms; render ${renders.map((r) => r.toFixed(1)).join("/")} ms, render+concat ${joinMs.toFixed(0)} ms\n`,
    );
  });
});
