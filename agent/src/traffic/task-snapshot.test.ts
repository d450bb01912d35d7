import { describe, expect, it } from "vitest";
import { taskReportSchema } from "@/lib/protocol/task-report";
import { taskContainerSchema, type TaskContainer } from "../docker/containers-api";
import { killMeansStop, sameSignal, signalNumber } from "./stop-signals";
import { buildTaskSnapshot, healthFromStatus, publishedPorts } from "./task-snapshot";

/** A container as GET /containers/json answers it (Docker 20.10), parsed by the agent's schema. */
function listed(overrides: Record<string, unknown> & { task?: string; service?: string }): TaskContainer {
  const { task = "t1", service = "shop_web", ...rest } = overrides;
  return taskContainerSchema.parse({
    Id: `c-${task}`,
    Names: [`/${service}.1.${task}`],
    Image: "wharf-test/node-app:1",
    State: "running",
    Status: "Up 3 seconds",
    Labels: {
      "com.docker.swarm.task.id": task,
      "com.docker.swarm.service.name": service,
      "com.docker.swarm.node.id": "n1",
      "wharf.app": "shop",
    },
    Ports: [
      { IP: "0.0.0.0", PrivatePort: 3000, PublicPort: 32768, Type: "tcp" },
      { IP: "::", PrivatePort: 3000, PublicPort: 32768, Type: "tcp" },
    ],
    ...rest,
  });
}

describe("task snapshot from the engine's container list", () => {
  it("one entry per task container: task id, service, state, health and its published host ports", () => {
    const tasks = buildTaskSnapshot(
      [listed({ task: "t2", service: "shop_api", Status: "Up 5 seconds (healthy)" }), listed({ task: "t1" })],
      new Map(),
    );
    expect(tasks).toEqual([
      { taskId: "t1", service: "shop_web", state: "running", health: "none", ports: [{ target: 3000, published: 32768, protocol: "tcp" }] },
      {
        taskId: "t2",
        service: "shop_api",
        state: "running",
        health: "healthy",
        ports: [{ target: 3000, published: 32768, protocol: "tcp" }],
      },
    ]);
    // what the agent sends is what the gateway accepts
    expect(taskReportSchema.safeParse({ type: "tasks", tasks }).success).toBe(true);
  });

  it("leaves out containers that are not swarm tasks and tasks that do not run", () => {
    const plain = listed({ Labels: { "wharf.app": "shop" } });
    const exited = listed({ task: "t3", State: "exited", Status: "Exited (0) 2 seconds ago" });
    const created = listed({ task: "t4", State: "created", Status: "Created" });
    const restarting = listed({ task: "t5", State: "restarting", Status: "Restarting (1) 1 second ago" });
    expect(buildTaskSnapshot([plain, exited, created, restarting], new Map())).toEqual([]);
  });

  it("a kill marks the task stopping, whatever its health says", () => {
    const healthy = listed({ task: "t1", Status: "Up 1 minute (healthy)" });
    const other = listed({ task: "t2", Ports: [{ IP: "0.0.0.0", PrivatePort: 3000, PublicPort: 32769, Type: "tcp" }] });
    const tasks = buildTaskSnapshot([healthy, other], new Map([[healthy.Id, "stopping" as const]]));
    expect(tasks.map((t) => [t.taskId, t.state, t.health])).toEqual([
      ["t1", "stopping", "healthy"],
      ["t2", "running", "none"],
    ]);
  });

  it("a container that died is left out even while the list still calls it running", () => {
    const dying = listed({ task: "t1" });
    const tasks = buildTaskSnapshot([dying, listed({ task: "t2" })], new Map([[dying.Id, "gone" as const]]));
    expect(tasks.map((t) => t.taskId)).toEqual(["t2"]);
  });

  it("health from the status text; a task whose check has not passed, or fails, is only starting", () => {
    expect(healthFromStatus("Up 3 seconds (health: starting)")).toBe("starting");
    expect(healthFromStatus("Up 2 minutes (healthy)")).toBe("healthy");
    expect(healthFromStatus("Up 3 minutes (unhealthy)")).toBe("unhealthy");
    expect(healthFromStatus("Up 3 minutes")).toBe("none");
    expect(healthFromStatus("Up 3 minutes (Paused)")).toBe("none");
    const states = buildTaskSnapshot(
      [
        listed({ task: "a", Status: "Up 1 second (health: starting)" }),
        listed({ task: "b", Status: "Up 1 minute (unhealthy)" }),
        listed({ task: "c", Status: "Up 1 minute (healthy)" }),
        listed({ task: "d", State: "paused", Status: "Up 1 minute (Paused)" }),
      ],
      new Map(),
    ).map((t) => [t.taskId, t.state, t.health]);
    expect(states).toEqual([
      ["a", "starting", "starting"],
      ["b", "starting", "unhealthy"],
      ["c", "running", "healthy"],
      ["d", "starting", "none"],
    ]);
  });

  it("ports: the IPv4/IPv6 pair is one port; exposed-only ports and SCTP are left out; sorted", () => {
    expect(
      publishedPorts([
        { IP: "::", PrivatePort: 8080, PublicPort: 32771, Type: "udp" },
        { IP: "0.0.0.0", PrivatePort: 8080, PublicPort: 32771, Type: "udp" },
        { PrivatePort: 9000, Type: "tcp" },
        { IP: "0.0.0.0", PrivatePort: 9100, PublicPort: 32772, Type: "sctp" },
        { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 32770, Type: "tcp" },
        { IP: "::", PrivatePort: 80, PublicPort: 32770, Type: "tcp" },
        { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
      ]),
    ).toEqual([
      { target: 80, published: 8080, protocol: "tcp" },
      { target: 80, published: 32770, protocol: "tcp" },
      { target: 8080, published: 32771, protocol: "udp" },
    ]);
    expect(buildTaskSnapshot([listed({ Ports: null })], new Map())[0]?.ports).toEqual([]);
  });

  it("ports: when Docker gave IPv6 another number than IPv4, the IPv4 binding is the task's (moby/moby#42442)", () => {
    expect(
      publishedPorts([
        { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 32780, Type: "tcp" },
        { IP: "::", PrivatePort: 80, PublicPort: 32779, Type: "tcp" },
        { IP: "::", PrivatePort: 53, PublicPort: 32790, Type: "udp" },
      ]),
    ).toEqual([
      { target: 53, published: 32790, protocol: "udp" },
      { target: 80, published: 32780, protocol: "tcp" },
    ]);
  });

  it("is canonical: the same containers in another order give the same snapshot", () => {
    const a = listed({ task: "t1" });
    const b = listed({ task: "t2" });
    expect(buildTaskSnapshot([b, a], new Map())).toEqual(buildTaskSnapshot([a, b], new Map()));
  });
});

describe("which kill events stop a task", () => {
  it("SIGTERM, SIGKILL, SIGINT and SIGQUIT always do; others only when they are the container's stop signal", () => {
    expect(["15", "9", "2", "3"].map(killMeansStop)).toEqual([true, true, true, true]);
    expect(killMeansStop("1")).toBe("ask");
    expect(killMeansStop("28")).toBe("ask");
    expect(killMeansStop(undefined)).toBe(true);
    expect(signalNumber("SIGWINCH")).toBe(28);
    expect(signalNumber("quit")).toBe(3);
    expect(signalNumber("10")).toBe(10);
    expect(signalNumber("SIGNOPE")).toBeNull();
    expect(sameSignal("SIGHUP", "1")).toBe(true);
    expect(sameSignal("SIGTERM", "1")).toBe(false);
  });
});
