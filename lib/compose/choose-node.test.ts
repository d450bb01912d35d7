import { describe, expect, it } from "vitest";
import { chooseBinpackNode, chooseSpreadNode, nodeMatchesRule, placeReplicas, type NodeCapacity } from "./choose-node";
import { parsePlacementRule } from "./placement-rules";

const GiB = 1024 ** 3;
function node(id: string, cpus: number, usedCpus: number, extra: Partial<NodeCapacity> = {}): NodeCapacity {
  return {
    id,
    hostname: `host-${id}`,
    cpus,
    memoryBytes: 8 * GiB,
    gpus: 0,
    allocated: { cpus: usedCpus, memoryBytes: usedCpus * GiB, gpus: 0, ports: [] },
    ...extra,
  };
}
const rule = (kind: "constraint" | "affinity", body: string) => {
  const parsed = parsePlacementRule(kind, body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe("chooseBinpackNode / chooseSpreadNode", () => {
  const nodes = [node("a", 4, 1), node("b", 4, 3), node("c", 4, 0)];

  it("binpack picks the most allocated node that still fits", () => {
    const result = chooseBinpackNode(nodes, { cpus: 1, memoryBytes: GiB });
    expect(result.ok && result.node.id).toBe("b");
    const bigger = chooseBinpackNode(nodes, { cpus: 2 });
    expect(bigger.ok && bigger.node.id).toBe("a");
  });

  it("spread picks the least allocated node", () => {
    const result = chooseSpreadNode(nodes, { cpus: 1 });
    expect(result.ok && result.node.id).toBe("c");
  });

  it("explains why nothing fits", () => {
    const result = chooseBinpackNode(nodes, { cpus: 8 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejected).toHaveLength(3);
      expect(result.reason).toMatch(/host-a: not enough CPU \(needs 8, 3 free\)/);
    }
    expect(chooseSpreadNode([], {})).toMatchObject({ ok: false, reason: "the cluster has no nodes" });
  });

  it("never fits a GPU request on a node without enough free GPUs", () => {
    const gpuNodes = [
      node("cpu", 8, 0),
      node("gpu1", 8, 0, { gpus: 1 }),
      node("gpu2", 8, 4, { gpus: 4, allocated: { cpus: 4, memoryBytes: 0, gpus: 3, ports: [] } }),
    ];
    const two = chooseSpreadNode(gpuNodes, { gpus: 2 });
    expect(two.ok).toBe(false);
    if (!two.ok)
      expect(two.rejected.map((r) => r.reason)).toEqual([
        "not enough GPUs (needs 2, 0 free)",
        "not enough GPUs (needs 2, 1 free)",
        "not enough GPUs (needs 2, 1 free)",
      ]);
    const one = chooseBinpackNode(gpuNodes, { gpus: 1 });
    expect(one.ok && one.node.id).toBe("gpu2");
  });

  it("skips nodes where a published port is taken or that are not schedulable", () => {
    const busy = [
      node("a", 4, 0, { allocated: { cpus: 0, memoryBytes: 0, gpus: 0, ports: ["8080/tcp"] } }),
      node("b", 4, 2, { schedulable: false }),
      node("c", 4, 3),
    ];
    const result = chooseSpreadNode(busy, { ports: [{ published: 8080, protocol: "tcp" }] });
    expect(result.ok && result.node.id).toBe("c");
    const udp = chooseSpreadNode(busy, { ports: [{ published: 8080, protocol: "udp" }] });
    expect(udp.ok && udp.node.id).toBe("a");
  });

  it("applies hard rules and prefers nodes matching soft rules", () => {
    const labelled = [
      node("a", 4, 0, { labels: { zone: "eu" } }),
      node("b", 4, 3, { labels: { zone: "us" } }),
      node("c", 4, 2, { labels: { zone: "ap" } }),
    ];
    const hard = chooseBinpackNode(labelled, { rules: [rule("constraint", "zone==(eu|ap)")] });
    expect(hard.ok && hard.node.id).toBe("c");
    const soft = chooseBinpackNode(labelled, { rules: [rule("constraint", "zone==~eu")] });
    expect(soft.ok && soft.node.id).toBe("a");
    const none = chooseBinpackNode(labelled, { rules: [rule("constraint", "node==host-z*")] });
    expect(none.ok).toBe(false);
  });

  it("breaks ties by host name so the answer is stable", () => {
    const same = [node("z", 4, 1), node("y", 4, 1)];
    const result = chooseBinpackNode(same, { cpus: 1 });
    expect(result.ok && result.node.id).toBe("y");
  });
});

describe("nodeMatchesRule", () => {
  const n = node("id1", 4, 0, { labels: { "wharf.image.redis": "true", "wharf.svc.shop.db": "true", disk: "ssd" } });
  it.each([
    ["constraint", "node==host-id1", true],
    ["constraint", "node!=host-id1", false],
    ["constraint", "node==host-*", true],
    ["constraint", "disk==ssd", true],
    ["constraint", "disk!=(hdd|nvme)", true],
    ["constraint", "missing!=x", true],
    ["constraint", "node.id==id1", true],
    ["affinity", "image==redis:7", true],
    ["affinity", "image==nginx", false],
    ["affinity", "service==db", true],
    ["affinity", "service!=db", false],
  ] as const)("%s:%s → %s", (kind, body, expected) => {
    expect(nodeMatchesRule(n, rule(kind, body), "shop")).toBe(expected);
  });
});

describe("placeReplicas", () => {
  it("fills one node before the next with binpack and spreads otherwise", () => {
    const nodes = [node("a", 2, 0), node("b", 2, 0)];
    expect(placeReplicas({ nodes, request: { cpus: 1 }, replicas: 3, strategy: "binpack" })).toEqual({
      ok: true,
      nodeIds: ["a", "a", "b"],
    });
    expect(placeReplicas({ nodes, request: { cpus: 1 }, replicas: 3, strategy: "spread" })).toEqual({ ok: true, nodeIds: ["a", "b", "a"] });
    expect(nodes[0]?.allocated.cpus).toBe(0); // inputs are not modified
  });

  it("counts published ports and reports the replica that does not fit", () => {
    const nodes = [node("a", 8, 0), node("b", 8, 0)];
    const result = placeReplicas({ nodes, request: { ports: [{ published: 80, protocol: "tcp" }] }, replicas: 3, strategy: "spread" });
    expect(result).toMatchObject({ ok: false, placed: ["a", "b"], reason: expect.stringMatching(/^replica 3: no node fits/) });
  });
});

// Issue 9, finding 4: constraint wildcards were turned into a backtracking regex in the worker.
// The old code took over 5 s for a 38-character host name (this one is longer); the test fails on the 5 s default timeout.
describe("finding 4: constraint wildcards match in linear time", () => {
  it("a pathological wildcard constraint against a long host name", () => {
    const hostile = rule("constraint", "node==*a*a*a*a*a*a*a*a*a*ab");
    expect(nodeMatchesRule(node("x", 4, 0, { hostname: "a".repeat(42) }), hostile)).toBe(false);
    expect(nodeMatchesRule(node("y", 4, 0, { hostname: "a".repeat(5_000) }), hostile)).toBe(false);
    expect(nodeMatchesRule(node("z", 4, 0, { hostname: `${"a".repeat(40)}b` }), hostile)).toBe(true);
  });

  it("constraint values are bounded: at most 10 wildcards, 256 characters, 32 alternatives", () => {
    expect(parsePlacementRule("constraint", `node==${"*a".repeat(11)}`)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/at most 10 \* wildcards/),
    });
    expect(parsePlacementRule("constraint", `node==${"a".repeat(257)}`)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/at most 256 characters/),
    });
    const many = Array.from({ length: 33 }, (_, i) => `n${i}`).join("|");
    expect(parsePlacementRule("constraint", `node==(${many})`)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/more than 32 alternatives/),
    });
  });
});
