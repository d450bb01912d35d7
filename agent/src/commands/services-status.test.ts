import { describe, expect, it } from "vitest";
import type { SwarmTask } from "../docker/app-schemas";
import { fakeContext } from "../testing/fake-context";
import { serviceApply } from "./service-apply";
import { servicesStatus } from "./services-status";
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
