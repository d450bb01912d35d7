import { describe, expect, it } from "vitest";
import type { SwarmTask } from "../docker/app-schemas";
import { fakeContext } from "../testing/fake-context";
import { serviceApply } from "./service-apply";
import { describeJob, servicesStatus } from "./services-status";
import { latestTasks, toTaskInfo } from "./task-info";

const spec = (name: string, labels: Record<string, string>, mode: Record<string, unknown> = { Replicated: { Replicas: 2 } }) => ({
  spec: { Name: name, Labels: labels, TaskTemplate: { ContainerSpec: { Image: "shop/web:1" } }, Mode: mode },
  forceUpdate: false,
  pullLatest: false,
});

function task(overrides: Partial<SwarmTask> & { ID: string }): SwarmTask {
  return {
    ServiceID: "svc-1",
    Slot: 1,
    NodeID: "node-1",
    CreatedAt: "2026-01-01T00:00:00Z",
    UpdatedAt: "2026-01-01T00:00:01Z",
    DesiredState: "running",
    Spec: { ContainerSpec: { Image: "shop/web:1" } },
    Status: { State: "running", Message: "started" },
    ...overrides,
  };
}

describe("services.status", () => {
  it("reports the services carrying all the labels, with counts, version, update status and spec", async () => {
    const { context } = fakeContext();
    await serviceApply(spec("shop_web", { "wharf.app": "shop", tier: "web" }), context);
    await serviceApply(spec("shop_db", { "wharf.app": "shop", tier: "db" }, { Replicated: { Replicas: 1 } }), context);
    await serviceApply(spec("blog_web", { "wharf.app": "blog", tier: "web" }), context);
    const result = await servicesStatus({ labels: { "wharf.app": "shop" } }, context);
    expect(result.services.map((s) => s.name)).toEqual(["shop_db", "shop_web"]);
    expect(result.services[1]).toEqual({
      id: "svc-1",
      name: "shop_web",
      labels: { "wharf.app": "shop", tier: "web" },
      image: "shop/web:1",
      mode: "replicated",
      replicas: 2,
      runningTasks: 2,
      desiredTasks: 2,
      version: 10,
      updateStatus: null,
      spec: expect.objectContaining({ Name: "shop_web", Labels: { "wharf.app": "shop", tier: "web" } }),
    });
    expect(result.tasks.map((t) => [t.serviceName, t.slot, t.state])).toEqual([
      ["shop_db", 1, "running"],
      ["shop_web", 1, "running"],
      ["shop_web", 2, "running"],
    ]);
    expect((await servicesStatus({ labels: { "wharf.app": "shop", tier: "web" } }, context)).services.map((s) => s.name)).toEqual([
      "shop_web",
    ]);
    expect(await servicesStatus({ labels: { "wharf.app": "none" } }, context)).toEqual({ services: [], tasks: [] });
  });

  it("counts running tasks among those meant to run, and global services by their live tasks", async () => {
    const { context, engine } = fakeContext();
    await serviceApply(spec("shop_agent", { "wharf.app": "shop" }, { Global: {} }), context);
    const live = engine.tasks[0];
    if (live) live.Status.State = "preparing";
    engine.tasks.push({
      ...structuredClone(engine.tasks[0] as SwarmTask),
      ID: "old",
      DesiredState: "shutdown",
      Status: { State: "running", Message: "" },
    });
    const [service] = (await servicesStatus({ labels: { "wharf.app": "shop" } }, context)).services;
    expect(service).toMatchObject({ mode: "global", replicas: null, runningTasks: 0, desiredTasks: 1 });
  });
});

describe("task history", () => {
  it("keeps at most 10 tasks per slot (per node for global services), newest first", () => {
    const tasks: SwarmTask[] = [];
    // fraction digits vary in Docker's timestamps: the order must come from the time, not the text
    for (let i = 0; i < 13; i++)
      tasks.push(task({ ID: `t${i}`, CreatedAt: `2026-01-01T00:00:${String(10 + i).padStart(2, "0")}.${i % 2 ? "5" : "123456789"}Z` }));
    tasks.push(task({ ID: "slot2", Slot: 2 }));
    tasks.push(task({ ID: "g1", Slot: 0, NodeID: "a" }), task({ ID: "g2", Slot: 0, NodeID: "b" }));
    const kept = latestTasks(tasks);
    expect(kept.filter((t) => t.Slot === 1).map((t) => t.ID)).toEqual(["t12", "t11", "t10", "t9", "t8", "t7", "t6", "t5", "t4", "t3"]);
    expect(kept.map((t) => t.ID)).toEqual(expect.arrayContaining(["slot2", "g1", "g2"]));
  });

  it("reports host-mode ports once (Docker 20.10 lists them twice) and maps the container status", () => {
    const port = { Protocol: "tcp", TargetPort: 3000, PublishedPort: 30001, PublishMode: "host" };
    const info = toTaskInfo(
      task({
        ID: "t1",
        Status: {
          State: "failed",
          Message: "started",
          Err: "task: non-zero exit (1)",
          ContainerStatus: { ContainerID: "c1", ExitCode: 1 },
          PortStatus: { Ports: [port, port, { ...port, PublishMode: "ingress", PublishedPort: 8080 }] },
        },
      }),
      "shop_web",
    );
    expect(info).toEqual({
      id: "t1",
      serviceId: "svc-1",
      serviceName: "shop_web",
      slot: 1,
      nodeId: "node-1",
      state: "failed",
      desiredState: "running",
      message: "started",
      error: "task: non-zero exit (1)",
      exitCode: 1,
      containerId: "c1",
      image: "shop/web:1",
      ports: [{ published: 30001, target: 3000, protocol: "tcp" }],
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:01Z",
    });
    expect(toTaskInfo(task({ ID: "t2", Slot: 0, NodeID: "" }), "x")).toMatchObject({
      slot: null,
      nodeId: null,
      error: null,
      exitCode: null,
      containerId: null,
      ports: [],
    });
  });
});

describe("job-mode services", () => {
  const service = (mode: Record<string, unknown>, iteration: number) => ({
    ID: "svc-1",
    Version: { Index: iteration },
    Spec: { Name: "shop_report", Mode: mode, TaskTemplate: { ContainerSpec: { Image: "shop/report:1" } } },
    JobStatus: { JobIteration: { Index: iteration } },
    UpdateStatus: null,
  });
  const jobTask = (id: string, state: string, iteration: number, node = "node-1") =>
    task({ ID: id, DesiredState: "complete", JobIteration: { Index: iteration }, NodeID: node, Status: { State: state, Message: "" } });

  it("counts the current iteration's completions, failures and unfinished tasks only", () => {
    const tasks = [
      jobTask("old-1", "complete", 10),
      jobTask("old-2", "failed", 10),
      jobTask("new-1", "complete", 12),
      jobTask("new-2", "running", 12),
    ];
    expect(describeJob(service({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } }, 12), tasks)).toEqual({
      iteration: 12,
      wanted: 2,
      completed: 1,
      failed: 0,
      active: 1,
    });
    expect(describeJob(service({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } }, 10), tasks)).toMatchObject({
      completed: 1,
      failed: 1,
      active: 0,
    });
  });

  it("a global job wants one completion per node of its iteration", () => {
    const tasks = [jobTask("a", "complete", 5, "node-1"), jobTask("b", "starting", 5, "node-2")];
    expect(describeJob(service({ GlobalJob: {} }, 5), tasks)).toEqual({ iteration: 5, wanted: 2, completed: 1, failed: 0, active: 1 });
  });

  it("reads the first iteration, whose Index the engine omits, as 0", () => {
    const first = { ...service({ ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } }, 0), JobStatus: { JobIteration: {} } };
    const tasks = [task({ ID: "t", DesiredState: "complete", JobIteration: {}, Status: { State: "complete", Message: "" } })];
    expect(describeJob(first, tasks)).toEqual({ iteration: 0, wanted: 1, completed: 1, failed: 0, active: 0 });
  });

  it("is null for services that are not jobs", () => {
    expect(describeJob(service({ Replicated: { Replicas: 1 } }, 3), [])).toBeNull();
  });
});
