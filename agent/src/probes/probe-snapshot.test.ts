import { describe, expect, it } from "vitest";
import type { TaskContainer } from "../docker/containers-api";
import { buildTaskSnapshot } from "../traffic/task-snapshot";

const container = (id: string, task: string): TaskContainer => ({
  Id: id,
  State: "running",
  Status: "Up 5 seconds",
  Labels: { "com.docker.swarm.task.id": task, "com.docker.swarm.service.name": "shop_web" },
  Ports: [],
});

describe("task snapshot with URL probes", () => {
  it("reports the probe state and keeps a task out of the pool until its probe passes", () => {
    const probes = new Map([
      ["c1", "pending"],
      ["c2", "passing"],
      ["c3", "failing"],
    ] as const);
    const snapshot = buildTaskSnapshot(
      [container("c1", "t1"), container("c2", "t2"), container("c3", "t3"), container("c4", "t4")],
      new Map(),
      (id) => probes.get(id as "c1"),
    );
    expect(snapshot.map(({ taskId, state, probe }) => ({ taskId, state, probe }))).toEqual([
      { taskId: "t1", state: "starting", probe: "pending" },
      { taskId: "t2", state: "running", probe: "passing" },
      { taskId: "t3", state: "starting", probe: "failing" },
      { taskId: "t4", state: "running", probe: undefined },
    ]);
    expect("probe" in (snapshot[3] ?? {})).toBe(false);
  });

  it("a stopping task stays stopping whatever its probe says", () => {
    const [task] = buildTaskSnapshot([container("c1", "t1")], new Map([["c1", "stopping"]]), () => "passing");
    expect(task?.state).toBe("stopping");
  });
});
