import { describe, expect, it } from "vitest";
import type { ServiceContainer } from "./service-containers";
import { countFailedBySlot, exitCode, restartKey, taskSlot } from "./task-slots";

const labels = (service: string, name: string) => ({ "com.docker.swarm.service.name": service, "com.docker.swarm.task.name": name });

function container(name: string, state: string, status: string, image = "sha256:v1"): ServiceContainer {
  return { Id: Math.random().toString(16).slice(2), ImageID: image, State: state, Status: status, Labels: labels("shop_web", name) };
}

describe("task slots", () => {
  it("reads the slot from the task name, even when the service name has dots", () => {
    expect(taskSlot(labels("shop_web", "shop_web.3.xyz"))).toEqual({ key: "shop_web.3", slot: 3 });
    expect(taskSlot(labels("a.b_c", "a.b_c.12.xyz"))).toEqual({ key: "a.b_c.12", slot: 12 });
    // a global service's task is named after the node
    expect(taskSlot(labels("agent", "agent.k2n8q9w7e5r1t3y6u4i0o2p.xyz"))).toEqual({ key: "agent.k2n8q9w7e5r1t3y6u4i0o2p", slot: null });
    expect(taskSlot(labels("shop_web", "other.1.xyz"))).toBeNull();
    expect(taskSlot({})).toBeNull();
  });

  it("reads the exit code from the status text", () => {
    expect(exitCode("Exited (137) 5 minutes ago")).toBe(137);
    expect(exitCode("Exited (0) 2 seconds ago")).toBe(0);
    expect(exitCode("Up 2 minutes")).toBeNull();
  });

  it("counts earlier containers of the same slot and image that exited non-zero", () => {
    const running = container("shop_web.1.t4", "running", "Up 1 minute");
    const list = [
      running,
      container("shop_web.1.t1", "exited", "Exited (1) 3 minutes ago"),
      container("shop_web.1.t2", "exited", "Exited (137) 2 minutes ago"),
      container("shop_web.1.t3", "exited", "Exited (0) 2 minutes ago"), // stopped cleanly
      container("shop_web.1.t0", "exited", "Exited (143) 1 hour ago", "sha256:v0"), // replaced by an update
      container("shop_web.2.t5", "exited", "Exited (2) 1 minute ago"), // another slot
      container("shop_web.1.t6", "created", "Created"),
    ];
    const failed = countFailedBySlot(list);
    const slot = taskSlot(running.Labels);
    expect(slot && failed.get(restartKey(slot, running))).toBe(2);
    expect(failed.get(restartKey({ key: "shop_web.2", slot: 2 }, running))).toBe(1);
  });
});
