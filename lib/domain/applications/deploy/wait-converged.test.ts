import { describe, expect, it } from "vitest";
import type { CommandResult } from "@/lib/protocol/commands";
import { failingReason, unschedulableReason } from "./wait-converged";

type Status = CommandResult<"services.status">;
type Task = Status["tasks"][number];

const NOW = Date.parse("2026-12-03T10:00:30Z");
const task = (over: Partial<Task>): Task => ({
  id: "t1", serviceId: "s1", serviceName: "shop_web", slot: 1, nodeId: null, state: "pending", desiredState: "running",
  message: "pending task scheduling", error: null, exitCode: null, containerId: null, image: "web:1", ports: [],
  createdAt: "2026-12-03T10:00:00Z", updatedAt: "2026-12-03T10:00:29Z", ...over,
});
const status = (tasks: Task[]): Status => ({ services: [], tasks });

describe("unschedulableReason", () => {
  it("gives Docker's words once a task has waited with 'no suitable node' for the grace period", () => {
    const s = status([task({ error: "no suitable node (missing plugin on 1 node)" })]);
    expect(unschedulableReason(s, "shop_web", NOW)).toBe("pending: no suitable node (missing plugin on 1 node)");
  });

  it("waits while the task is younger than the grace period, or pending without that error", () => {
    expect(unschedulableReason(status([task({ error: "no suitable node (1 node not available)", createdAt: "2026-12-03T10:00:25Z" })]), "shop_web", NOW)).toBeNull();
    expect(unschedulableReason(status([task({ error: null })]), "shop_web", NOW)).toBeNull();
  });

  it("looks only at the named service's tasks that should run", () => {
    const s = status([task({ serviceName: "shop_db", error: "no suitable node (missing plugin on 1 node)" }), task({ desiredState: "shutdown", error: "no suitable node (x)" })]);
    expect(unschedulableReason(s, "shop_web", NOW)).toBeNull();
  });
});

describe("failingReason", () => {
  it("needs three failed or rejected tasks, and gives the newest one's error", () => {
    const failed = (id: string, updatedAt: string, error: string) => task({ id, state: "rejected", error, updatedAt });
    expect(failingReason(status([failed("a", "2026-12-03T10:00:01Z", "No such image: web:1"), failed("b", "2026-12-03T10:00:06Z", "No such image: web:1")]), "shop_web")).toBeNull();
    const three = status([failed("a", "2026-12-03T10:00:01Z", "x"), failed("c", "2026-12-03T10:00:11Z", "No such image: web:2"), failed("b", "2026-12-03T10:00:06Z", "y")]);
    expect(failingReason(three, "shop_web")).toBe("rejected: No such image: web:2");
  });
});
