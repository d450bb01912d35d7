import { describe, expect, it } from "vitest";
import type { Inventory } from "@/lib/protocol";
import { isMember } from "./context";

type Swarm = Inventory["swarm"];
const swarm = (over: Partial<Swarm>): Swarm => ({
  state: "active",
  nodeId: "sw-node-1",
  clusterId: null,
  isManager: false,
  managerAddrs: ["10.0.0.1:2377"],
  error: null,
  ...over,
});
const node = (s: Swarm, swarmNodeId: string | null = "sw-node-1") => ({ inventory: { swarm: s } as Inventory, swarmNodeId });

describe("isMember", () => {
  it("a manager is a member of the swarm its engine names, and of no other", () => {
    expect(isMember(node(swarm({ clusterId: "swarm-a", isManager: true })), "swarm-a")).toBe(true);
    expect(isMember(node(swarm({ clusterId: "swarm-b", isManager: true })), "swarm-a")).toBe(false);
  });

  it("a worker (its engine names no swarm) is a member when it is the swarm node Wharf recorded at its join", () => {
    expect(isMember(node(swarm({})), "swarm-a")).toBe(true);
    expect(isMember(node(swarm({}), "sw-node-other"), "swarm-a")).toBe(false);
    expect(isMember(node(swarm({}), null), "swarm-a")).toBe(false);
  });

  it("a machine outside any swarm, or joining, is not a member", () => {
    expect(isMember(node(swarm({ state: "inactive", nodeId: null })), "swarm-a")).toBe(false);
    expect(isMember(node(swarm({ state: "pending" })), "swarm-a")).toBe(false);
    expect(isMember({ inventory: null, swarmNodeId: "sw-node-1" }, "swarm-a")).toBe(false);
  });
});
