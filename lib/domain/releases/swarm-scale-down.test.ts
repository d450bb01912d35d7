import { describe, expect, it } from "vitest";
import { tasksSwarmRemovesFirst, type OldTask } from "./swarm-scale-down";

const task = (taskId: string, swarmNodeId: string, slot: number): OldTask => ({ taskId, swarmNodeId, slot });
const ids = (tasks: OldTask[]) => tasks.map((t) => t.taskId);

describe("tasksSwarmRemovesFirst", () => {
  it("takes from the node with the most copies, highest slot first", () => {
    const tasks = [task("a", "n1", 1), task("b", "n1", 3), task("c", "n1", 4), task("d", "n2", 2)];
    expect(ids(tasksSwarmRemovesFirst(tasks, 1))).toEqual(["c"]);
    expect(ids(tasksSwarmRemovesFirst(tasks, 2))).toEqual(["c", "b"]);
  });

  it("alternates between nodes as they even out", () => {
    const tasks = [task("a", "n1", 1), task("b", "n2", 2), task("c", "n1", 3), task("d", "n2", 4)];
    expect(ids(tasksSwarmRemovesFirst(tasks, 4))).toEqual(["c", "d", "a", "b"]);
  });

  it("picks the same tasks whatever order they are listed in (a resumed step agrees with itself)", () => {
    const tasks = [task("a", "n1", 1), task("b", "n2", 2), task("c", "n1", 3), task("d", "n2", 4)];
    expect(ids(tasksSwarmRemovesFirst([...tasks].reverse(), 2))).toEqual(ids(tasksSwarmRemovesFirst(tasks, 2)));
  });

  it("never picks more than there are", () => {
    expect(ids(tasksSwarmRemovesFirst([task("a", "n1", 1)], 3))).toEqual(["a"]);
    expect(tasksSwarmRemovesFirst([], 2)).toEqual([]);
  });
});
