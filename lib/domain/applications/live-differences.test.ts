import { describe, expect, it } from "vitest";
import type { CommandResult } from "@/lib/protocol/commands";
import { liveDifferences } from "./live-differences";
import { statusService } from "../testing/status-service";
import { statusTask } from "../testing/status-task";

type Status = CommandResult<"services.status">;
type Service = Status["services"][number];

const svc = (over: Partial<Service>): Service => statusService({ replicas: 3, runningTasks: 3, desiredTasks: 3, ...over });
const ROWS = [
  { name: "web", swarmName: "shop_web" },
  { name: "db", swarmName: "shop_db" },
];

describe("liveDifferences", () => {
  it("is empty when every service runs all its tasks", () => {
    expect(
      liveDifferences({
        services: ROWS,
        status: { services: [svc({}), svc({ id: "s2", name: "shop_db", replicas: 1, runningTasks: 1, desiredTasks: 1 })], tasks: [] },
      }),
    ).toEqual([]);
  });

  it("names a missing service, one short of tasks with Docker's newest failure, and one the template lacks", () => {
    const status: Status = {
      services: [svc({ runningTasks: 1 }), svc({ id: "s3", name: "shop_old" })],
      tasks: [
        statusTask({
          id: "t9",
          slot: 2,
          nodeId: "n1",
          state: "failed",
          desiredState: "shutdown",
          message: "started",
          error: "task: non-zero exit (3)",
          exitCode: 3,
          updatedAt: "2026-12-03T10:00:05Z",
        }),
      ],
    };
    expect(liveDifferences({ services: ROWS, status })).toEqual([
      { service: "web", problem: "runs 1 of 3 tasks; Docker says failed: task: non-zero exit (3)" },
      { service: "db", problem: "is not in the cluster" },
      { service: "shop_old", problem: "runs in the cluster with this application's labels but is not in its template" },
    ]);
  });

  it("a task waiting unplaced gives the scheduler's reason", () => {
    const status: Status = {
      services: [svc({ replicas: 1, runningTasks: 0, desiredTasks: 1 })],
      tasks: [
        statusTask({ error: "no suitable node (scheduling constraints not satisfied on 1 node)", updatedAt: "2026-12-03T10:00:00Z" }),
      ],
    };
    expect(liveDifferences({ services: ROWS.slice(0, 1), status })).toEqual([
      {
        service: "web",
        problem: "runs 0 of 1 tasks; Docker says pending: no suitable node (scheduling constraints not satisfied on 1 node)",
      },
    ]);
  });

  it("an update in flight is a difference until it ends", () => {
    const status: Status = { services: [svc({ updateStatus: { state: "updating", message: "update in progress" } })], tasks: [] };
    expect(liveDifferences({ services: ROWS.slice(0, 1), status })).toEqual([{ service: "web", problem: "is being updated (updating)" }]);
  });
});

describe("job-mode services", () => {
  it("are not live differences while they run or after a failed run", () => {
    const job = svc({ runningTasks: 0, desiredTasks: 1, job: { iteration: 7, wanted: 1, completed: 0, failed: 1, active: 0 } });
    expect(liveDifferences({ services: [{ name: "web", swarmName: "shop_web" }], status: { services: [job], tasks: [] } })).toEqual([]);
  });
});
