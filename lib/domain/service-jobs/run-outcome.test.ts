import { describe, expect, it } from "vitest";
import type { CommandResult } from "@/lib/protocol/commands";
import { statusService } from "../testing/status-service";
import { statusTask } from "../testing/status-task";
import { runOutcome } from "./run-outcome";

type Status = CommandResult<"services.status">;
type Service = Status["services"][number];
type Task = Status["tasks"][number];

const service = (job: Service["job"]): Service =>
  statusService({ name: "shop_report", image: "report:1", runningTasks: 0, desiredTasks: 0, version: 20, job });
const task = (over: Partial<Task>): Task =>
  statusTask({
    serviceName: "shop_report",
    nodeId: "n1",
    state: "complete",
    desiredState: "complete",
    message: "finished",
    exitCode: 0,
    containerId: "c1",
    image: "report:1",
    createdAt: "2026-12-04T10:00:00Z",
    updatedAt: "2026-12-04T10:00:02Z",
    jobIteration: 20,
    ...over,
  });

describe("runOutcome", () => {
  it("a completed iteration succeeded, with its tasks", () => {
    const status = { services: [service({ iteration: 20, wanted: 1, completed: 1, failed: 0, active: 0 })], tasks: [task({})] };
    expect(runOutcome(status, "shop_report", 20)).toMatchObject({
      state: "SUCCEEDED",
      exitCode: 0,
      tasks: [{ id: "t1", state: "complete", exitCode: 0 }],
    });
  });

  it("a failed iteration carries the exit code", () => {
    const status = {
      services: [service({ iteration: 20, wanted: 1, completed: 0, failed: 1, active: 0 })],
      tasks: [task({ state: "failed", exitCode: 3, error: "task: non-zero exit (3)" })],
    };
    expect(runOutcome(status, "shop_report")).toMatchObject({ state: "FAILED", exitCode: 3, error: expect.stringMatching(/exit code 3/) });
  });

  it("still running while tasks are unfinished; missing when the service is not deployed or not a job", () => {
    const running = { services: [service({ iteration: 20, wanted: 1, completed: 0, failed: 0, active: 1 })], tasks: [] };
    expect(runOutcome(running, "shop_report", 20).state).toBe("running");
    expect(runOutcome({ services: [], tasks: [] }, "shop_report").state).toBe("missing");
    expect(runOutcome({ services: [service(null)], tasks: [] }, "shop_report").state).toBe("missing");
  });

  it("an older iteration is judged by its own tasks", () => {
    const status = { services: [service({ iteration: 22, wanted: 1, completed: 0, failed: 0, active: 1 })], tasks: [task({})] };
    expect(runOutcome(status, "shop_report", 20)).toMatchObject({ state: "SUCCEEDED", iteration: 20 });
  });
});
