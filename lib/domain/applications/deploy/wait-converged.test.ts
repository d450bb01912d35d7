import { describe, expect, it } from "vitest";
import type { CommandResult } from "@/lib/protocol/commands";
import { statusService } from "../../testing/status-service";
import { statusTask } from "../../testing/status-task";
import { converged, failingReason, jobFailure, jobOutcome, latestFailure, RunningSince, unschedulableReason } from "./wait-converged";

type Status = CommandResult<"services.status">;
type Task = Status["tasks"][number];

const NOW = Date.parse("2026-12-03T10:00:30Z");
const task = statusTask;
const status = (tasks: Task[]): Status => ({ services: [], tasks });

describe("unschedulableReason", () => {
  it("gives Docker's words once a task has waited with 'no suitable node' for the grace period", () => {
    const s = status([task({ error: "no suitable node (missing plugin on 1 node)" })]);
    expect(unschedulableReason(s, "shop_web", NOW)).toBe("pending: no suitable node (missing plugin on 1 node)");
  });

  it("waits while the task is younger than the grace period, or pending without that error", () => {
    expect(
      unschedulableReason(
        status([task({ error: "no suitable node (1 node not available)", createdAt: "2026-12-03T10:00:25Z" })]),
        "shop_web",
        NOW,
      ),
    ).toBeNull();
    expect(unschedulableReason(status([task({ error: null })]), "shop_web", NOW)).toBeNull();
  });

  it("looks only at the named service's tasks that should run", () => {
    const s = status([
      task({ serviceName: "shop_db", error: "no suitable node (missing plugin on 1 node)" }),
      task({ desiredState: "shutdown", error: "no suitable node (x)" }),
    ]);
    expect(unschedulableReason(s, "shop_web", NOW)).toBeNull();
  });
});

describe("failingReason", () => {
  it("needs three failed or rejected tasks, and gives the newest one's error", () => {
    const failed = (id: string, updatedAt: string, error: string) => task({ id, state: "rejected", error, updatedAt });
    expect(
      failingReason(
        status([failed("a", "2026-12-03T10:00:01Z", "No such image: web:1"), failed("b", "2026-12-03T10:00:06Z", "No such image: web:1")]),
        "shop_web",
      ),
    ).toBeNull();
    const three = status([
      failed("a", "2026-12-03T10:00:01Z", "x"),
      failed("c", "2026-12-03T10:00:11Z", "No such image: web:2"),
      failed("b", "2026-12-03T10:00:06Z", "y"),
    ]);
    expect(failingReason(three, "shop_web")).toBe("rejected: No such image: web:2");
  });
});

describe("latestFailure", () => {
  it("gives the newest failed or rejected task's words, or nothing", () => {
    const failed = (id: string, updatedAt: string, error: string) =>
      task({ id, state: "failed", desiredState: "shutdown", error, updatedAt });
    expect(
      latestFailure(
        status([
          failed("a", "2026-12-03T10:00:01Z", "task: non-zero exit (2)"),
          failed("b", "2026-12-03T10:00:09Z", "task: non-zero exit (3)"),
        ]),
        "shop_web",
      ),
    ).toBe("failed: task: non-zero exit (3)");
    expect(latestFailure(status([task({ state: "running" })]), "shop_web")).toBeNull();
  });
});

describe("RunningSince", () => {
  const service = (over: Partial<Status["services"][number]> = {}): Status["services"][number] =>
    statusService({ replicas: 2, runningTasks: 2, desiredTasks: 2, ...over });
  const running = (id: string) => task({ id, state: "running" });

  it("counts a service as settled only once its tasks have stayed running for the stable period", () => {
    const watch = new RunningSince();
    const s = { services: [service()], tasks: [running("a"), running("b")] };
    watch.observe(s, 0);
    expect(watch.stable(s, service(), 0, 2_000)).toBe(false);
    watch.observe(s, 1_000);
    expect(watch.stable(s, service(), 1_000, 2_000)).toBe(false);
    watch.observe(s, 2_000);
    expect(watch.stable(s, service(), 2_000, 2_000)).toBe(true);
  });

  it("starts again for a task that replaced one that exited (a container that exits at once never settles)", () => {
    const watch = new RunningSince();
    watch.observe(status([running("a"), running("b")]), 0);
    const replaced = status([running("a"), running("c")]);
    watch.observe(replaced, 2_500);
    expect(watch.stable(replaced, service(), 2_500, 2_000)).toBe(false);
    watch.observe(status([running("a"), task({ id: "c", state: "failed" })]), 3_000);
    watch.observe(status([running("a"), running("c")]), 6_000);
    expect(watch.stable(status([running("a"), running("c")]), service(), 6_000, 2_000)).toBe(false);
  });

  it("is never settled while the service itself is short of tasks, and always for zero replicas", () => {
    const watch = new RunningSince();
    const s = status([running("a")]);
    watch.observe(s, 0);
    expect(watch.stable(s, service({ runningTasks: 1 }), 10_000, 2_000)).toBe(false);
    expect(watch.stable(status([]), service({ replicas: 0, runningTasks: 0, desiredTasks: 0 }), 0, 2_000)).toBe(true);
  });
});

describe("job-mode services", () => {
  type Service = Status["services"][number];
  const job = (counts: Partial<NonNullable<Service["job"]>>): Service =>
    statusService({
      name: "shop_report",
      image: "report:1",
      replicas: 2,
      runningTasks: 0,
      desiredTasks: 0,
      version: 12,
      job: { iteration: 12, wanted: 2, completed: 0, failed: 0, active: 0, ...counts },
    });

  it("counts as done when its completions reach what it wants, not when tasks run", () => {
    expect(converged(job({ completed: 2 }))).toBe(true);
    expect(converged(job({ completed: 1, active: 1 }))).toBe(false);
    expect(jobOutcome(job({ completed: 1, active: 1 }))).toBe("running");
    // a global job whose tasks are not created yet wants nothing known yet: still running
    expect(jobOutcome(job({ wanted: 0 }))).toBe("running");
  });

  it("fails when tasks failed and none is left to run, with the exit code of the newest failure", () => {
    const service = job({ completed: 1, failed: 2 });
    expect(jobOutcome(service)).toBe("failed");
    const tasks = [
      task({ id: "a", serviceName: "shop_report", state: "failed", exitCode: 2, jobIteration: 12, updatedAt: "2026-12-03T10:00:01Z" }),
      task({ id: "b", serviceName: "shop_report", state: "failed", exitCode: 3, jobIteration: 12, error: "task: non-zero exit (3)" }),
      task({ id: "c", serviceName: "shop_report", state: "failed", exitCode: 9, jobIteration: 11, updatedAt: "2026-12-03T11:00:00Z" }),
    ];
    expect(jobFailure(status(tasks), service)).toEqual({ exitCode: 3, reason: "exit code 3 (failed: task: non-zero exit (3))" });
  });

  it("a completed job is stable at once", () => {
    const service = job({ completed: 2 });
    expect(new RunningSince().stable(status([]), service, NOW)).toBe(true);
  });
});
