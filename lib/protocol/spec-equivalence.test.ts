import { describe, expect, it } from "vitest";
import { equivalentAt, equivalentSpecs } from "./spec-equivalence";

describe("spec equivalence", () => {
  const desired = {
    Name: "web",
    Labels: { a: "1" },
    TaskTemplate: {
      ContainerSpec: { Image: "app:1", Env: ["A=1"] },
      Placement: { Constraints: [], Preferences: [] },
      Resources: { Limits: {}, Reservations: {} },
      RestartPolicy: { Condition: "any" },
    },
    Mode: { Replicated: { Replicas: 2 } },
    UpdateConfig: { Parallelism: 1, Delay: 0, Order: "stop-first" },
  };
  // what Docker 20.10 stores for it
  const stored = {
    Name: "web",
    Labels: { a: "1" },
    TaskTemplate: {
      ContainerSpec: { Image: "app:1", Env: ["A=1"], Isolation: "default" },
      Placement: {},
      Resources: { Limits: {}, Reservations: {} },
      RestartPolicy: { Condition: "any", MaxAttempts: 0 },
      ForceUpdate: 0,
      Runtime: "container",
    },
    Mode: { Replicated: { Replicas: 2 } },
    UpdateConfig: { Parallelism: 1, Order: "stop-first" },
    EndpointSpec: { Mode: "vip" },
  };

  it("treats Docker's defaults and dropped empty values as equal", () => {
    expect(equivalentSpecs(desired, stored)).toBe(true);
  });

  it("sees real changes, including removals, order and scaling to zero", () => {
    const change = (mutate: (spec: typeof desired) => void) => {
      const copy = structuredClone(desired);
      mutate(copy);
      return equivalentSpecs(copy, stored);
    };
    expect(change((s) => (s.TaskTemplate.ContainerSpec.Image = "app:2"))).toBe(false);
    expect(change((s) => (s.TaskTemplate.ContainerSpec.Env = []))).toBe(false);
    expect(change((s) => s.TaskTemplate.ContainerSpec.Env.push("B=2"))).toBe(false);
    expect(change((s) => (s.Mode.Replicated.Replicas = 0))).toBe(false);
    expect(change((s) => (s.Labels = {} as typeof s.Labels))).toBe(false);
    expect(change((s) => (s.UpdateConfig.Order = "start-first"))).toBe(false);
    expect(equivalentSpecs({ Mode: { Global: {} } }, { Mode: { Replicated: { Replicas: 0 } } })).toBe(false);
    expect(equivalentSpecs({ A: ["x", "y"] }, { A: ["y", "x"] })).toBe(false);
  });
});

describe("field names", () => {
  it("match regardless of case, as the engine reads them: it stores the compiler's HealthCheck as Healthcheck", () => {
    const check = { Test: ["CMD", "true"], Interval: 2e9 };
    expect(equivalentAt({ HealthCheck: check }, { Healthcheck: check }, "TaskTemplate.ContainerSpec")).toBe(true);
    expect(equivalentAt({ HealthCheck: check }, { Healthcheck: { ...check, Interval: 3e9 } }, "TaskTemplate.ContainerSpec")).toBe(false);
    expect(equivalentAt({ HealthCheck: check }, {}, "TaskTemplate.ContainerSpec")).toBe(false);
  });
});

describe("equivalentAt", () => {
  it("compares a sub-tree with the engine's defaults for that place", () => {
    expect(equivalentAt(["A=1"], ["A=1"], "TaskTemplate.ContainerSpec.Env")).toBe(true);
    expect(equivalentAt(undefined, [], "TaskTemplate.ContainerSpec.Env")).toBe(true);
    expect(equivalentAt(["A=1"], ["A=2"], "TaskTemplate.ContainerSpec.Env")).toBe(false);
    expect(equivalentAt({ Image: "app:1" }, { Image: "app:1", Isolation: "default" }, "TaskTemplate.ContainerSpec")).toBe(true);
    // the default counts only where the engine applies it
    expect(equivalentAt({ Image: "app:1" }, { Image: "app:1", Isolation: "default" }, "Other")).toBe(false);
    expect(equivalentAt(undefined, "vip", "EndpointSpec.Mode")).toBe(true);
    expect(equivalentAt({ Global: {} }, {}, "Mode")).toBe(false);
  });
});
