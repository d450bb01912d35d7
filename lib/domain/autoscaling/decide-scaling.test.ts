import { describe, expect, it } from "vitest";
import { decideScaling, failedDecision, type BreachState, type DecideInput, type MetricValues } from "./decide-scaling";
import type { RuleSettings } from "./rule-settings";

const NOW = new Date("2026-12-03T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

const none = { max: null, min: null };
function settings(overrides: Partial<RuleSettings> = {}): RuleSettings {
  return {
    thresholds: { cpu: { max: 70, min: 20 }, memory: none, inRate: none, outRate: none },
    step: 2,
    minInstances: 1,
    maxInstances: 6,
    windowSeconds: 10,
    cooldownSeconds: 60,
    scaleInCooldownSeconds: 180,
    breaches: 2,
    ...overrides,
  };
}
const values = (v: Partial<MetricValues>): DecideInput["observation"] => ({
  kind: "values",
  values: { cpu: null, memory: null, inRate: null, outRate: null, ...v },
});
const fresh: BreachState = { breachDirection: null, breachCount: 0, lastScaledAt: null };

function decide(input: Partial<DecideInput>) {
  return decideScaling({
    settings: settings(),
    state: fresh,
    replicas: 4,
    observation: values({ cpu: 50 }),
    hold: null,
    now: NOW,
    ...input,
  });
}

/** Runs consecutive evaluations, carrying the breach state like the evaluator does. */
function run(observations: Array<Partial<MetricValues>>, input: Partial<DecideInput> = {}) {
  let state: BreachState = input.state ?? fresh;
  const results = [];
  for (const v of observations) {
    const result = decide({ ...input, state, observation: values(v) });
    state = { ...state, breachDirection: result.breachDirection, breachCount: result.breachCount };
    results.push(result);
  }
  return results;
}

describe("decideScaling: scale out", () => {
  it("scales out by step after `breaches` consecutive checks above max, and says why with the values", () => {
    const [first, second] = run([{ cpu: 83 }, { cpu: 83.4 }]);
    expect(first).toEqual({ breachDirection: "out", breachCount: 1, decision: null });
    expect(second).toEqual({
      breachDirection: null,
      breachCount: 0,
      decision: {
        action: "scale-out",
        reason: "cpu-above",
        fromReplicas: 4,
        toReplicas: 6,
        values: { cpu: 83.4, cpuMax: 70, cpuMin: 20, checks: 2 },
        explanation: "CPU 83 % > 70 % for 2 checks → +2, 4 → 6",
      },
    });
  });

  it("counts three checks when the rule asks for three", () => {
    const results = run([{ cpu: 83 }, { cpu: 83 }, { cpu: 83 }], { settings: settings({ breaches: 3 }) });
    expect(results.map((r) => r.decision?.action ?? null)).toEqual([null, null, "scale-out"]);
    expect(results[2]?.decision?.explanation).toBe("CPU 83 % > 70 % for 3 checks → +2, 4 → 6");
  });

  it("acts on the first check with breaches 1", () => {
    expect(decide({ settings: settings({ breaches: 1 }), observation: values({ cpu: 90 }) }).decision?.explanation).toBe(
      "CPU 90 % > 70 % for 1 check → +2, 4 → 6",
    );
  });

  it("stops at max_instances, saying the step was cut short", () => {
    const result = decide({ replicas: 5, state: { ...fresh, breachDirection: "out", breachCount: 1 }, observation: values({ cpu: 99 }) });
    expect(result.decision).toMatchObject({
      action: "scale-out",
      fromReplicas: 5,
      toReplicas: 6,
      explanation: "CPU 99 % > 70 % for 2 checks → +1, 5 → 6 (step 2, at most 6)",
    });
  });

  it("scales out when ANY max is crossed, naming each crossing", () => {
    const s = settings({ thresholds: { cpu: { max: 70, min: 20 }, memory: { max: 80, min: null }, inRate: none, outRate: none } });
    const result = decide({
      settings: s,
      state: { ...fresh, breachDirection: "out", breachCount: 1 },
      observation: values({ cpu: 30, memory: 91 }),
    });
    expect(result.decision).toMatchObject({ reason: "memory-above", explanation: "Memory 91 % > 80 % for 2 checks → +2, 4 → 6" });
    const both = decide({
      settings: s,
      state: { ...fresh, breachDirection: "out", breachCount: 1 },
      observation: values({ cpu: 75, memory: 91 }),
    });
    expect(both.decision?.explanation).toBe("CPU 75 % > 70 % and memory 91 % > 80 % for 2 checks → +2, 4 → 6");
  });

  it("reads rates in bytes per second", () => {
    const s = settings({ thresholds: { cpu: none, memory: none, inRate: { max: 1024 * 1024, min: null }, outRate: none }, breaches: 1 });
    expect(decide({ settings: s, observation: values({ inRate: 1.5 * 1024 * 1024 }) }).decision).toMatchObject({
      reason: "inRate-above",
      explanation: "Inbound traffic 1.5 MiB/s > 1.0 MiB/s for 1 check → +2, 4 → 6",
      values: { inRate: 1.5 * 1024 * 1024, inRateMax: 1024 * 1024, checks: 1 },
    });
  });

  it("does not count a value equal to the threshold", () => {
    expect(run([{ cpu: 70 }, { cpu: 70 }]).every((r) => r.decision === null && r.breachCount === 0)).toBe(true);
  });

  it("starts counting again when a check does not cross", () => {
    const results = run([{ cpu: 83 }, { cpu: 60 }, { cpu: 83 }, { cpu: 83 }]);
    expect(results.map((r) => [r.breachCount, r.decision?.action ?? null])).toEqual([
      [1, null],
      [0, null],
      [1, null],
      [0, "scale-out"],
    ]);
  });
});

describe("decideScaling: scale in", () => {
  it("scales in by step when every metric with a min is below it", () => {
    const [first, second] = run([{ cpu: 12 }, { cpu: 5 }], { state: { ...fresh, lastScaledAt: ago(600) } });
    expect(first?.decision).toBeNull();
    expect(second?.decision).toMatchObject({
      action: "scale-in",
      reason: "cpu-below",
      fromReplicas: 4,
      toReplicas: 2,
      explanation: "CPU 5 % < 20 % for 2 checks → −2, 4 → 2",
    });
  });

  it("needs ALL watched mins below: one metric above its min, or one without data, holds it", () => {
    const s = settings({ thresholds: { cpu: { max: 70, min: 20 }, memory: { max: null, min: 30 }, inRate: none, outRate: none } });
    const state: BreachState = { breachDirection: "in", breachCount: 5, lastScaledAt: null };
    expect(decide({ settings: s, state, observation: values({ cpu: 5, memory: 40 }) })).toEqual({
      breachDirection: null,
      breachCount: 0,
      decision: null,
    });
    expect(decide({ settings: s, state, observation: values({ cpu: 5, memory: null }) }).decision).toBeNull();
    expect(decide({ settings: s, state, observation: values({ cpu: 5, memory: 10 }) }).decision?.explanation).toBe(
      "CPU 5 % < 20 % and memory 10 % < 30 % for 6 checks → −2, 4 → 2",
    );
  });

  it("ignores metrics that only have a max when scaling in", () => {
    const s = settings({
      thresholds: { cpu: { max: null, min: 20 }, memory: { max: 80, min: null }, inRate: none, outRate: none },
      breaches: 1,
    });
    expect(decide({ settings: s, observation: values({ cpu: 3, memory: 60 }) }).decision?.action).toBe("scale-in");
  });

  it("stops at min_instances", () => {
    const result = decide({ replicas: 2, settings: settings({ breaches: 1 }), observation: values({ cpu: 1 }) });
    expect(result.decision).toMatchObject({ toReplicas: 1, explanation: "CPU 1 % < 20 % for 1 check → −1, 2 → 1 (step 2, at least 1)" });
  });

  it("is suppressed at min_instances, and keeps counting", () => {
    const result = decide({ replicas: 1, state: { ...fresh, breachDirection: "in", breachCount: 7 }, observation: values({ cpu: 0.42 }) });
    expect(result).toMatchObject({ breachDirection: "in", breachCount: 8 });
    expect(result.decision).toMatchObject({
      action: "suppressed",
      reason: "at-min",
      fromReplicas: 1,
      toReplicas: 1,
      explanation: "CPU 0.4 % < 20 % for 8 checks, but the service is at its minimum of 1 instance",
    });
  });
});

describe("decideScaling: held back", () => {
  it("is suppressed at max_instances, keeping the count", () => {
    const result = decide({ replicas: 6, state: { ...fresh, breachDirection: "out", breachCount: 3 }, observation: values({ cpu: 95 }) });
    expect(result).toMatchObject({ breachDirection: "out", breachCount: 4 });
    expect(result.decision).toMatchObject({
      action: "suppressed",
      reason: "at-max",
      toReplicas: 6,
      explanation: "CPU 95 % > 70 % for 4 checks, but the service is at its maximum of 6 instances",
    });
  });

  it("waits for the cooldown after a scaling, then scales at the first check after it", () => {
    const state: BreachState = { breachDirection: "out", breachCount: 2, lastScaledAt: ago(42) };
    const held = decide({ state, observation: values({ cpu: 90 }) });
    expect(held.decision).toMatchObject({
      action: "suppressed",
      reason: "cooldown",
      explanation: "CPU 90 % > 70 % for 3 checks, but scale-out waits 1 min after the last scaling (cooldown): 18 s left",
    });
    expect(decide({ state: { ...state, lastScaledAt: ago(60) }, observation: values({ cpu: 90 }) }).decision?.action).toBe("scale-out");
  });

  it("stabilises longer before scaling in", () => {
    const state: BreachState = { breachDirection: "in", breachCount: 2, lastScaledAt: ago(100) };
    expect(decide({ state, observation: values({ cpu: 3 }) }).decision).toMatchObject({
      reason: "cooldown",
      explanation: "CPU 3 % < 20 % for 3 checks, but scale-in waits 3 min after the last scaling (stabilisation): 1 min 20 s left",
    });
    expect(decide({ state: { ...state, lastScaledAt: ago(180) }, observation: values({ cpu: 3 }) }).decision?.action).toBe("scale-in");
  });

  it("records a release or a deployment in the way only when it would have scaled", () => {
    const hold = { reason: "release-active" as const, detail: "release #3 of the application is in progress" };
    expect(decide({ hold, observation: values({ cpu: 50 }) })).toEqual({ breachDirection: null, breachCount: 0, decision: null });
    const result = decide({ hold, state: { ...fresh, breachDirection: "out", breachCount: 1 }, observation: values({ cpu: 88 }) });
    expect(result.decision).toMatchObject({
      action: "suppressed",
      reason: "release-active",
      toReplicas: 4,
      explanation: "CPU 88 % > 70 % for 2 checks, but release #3 of the application is in progress; would have been +2, 4 → 6",
    });
    expect(result.breachCount).toBe(2);
  });

  it("records missing data and forgets the breaches", () => {
    const result = decide({ state: { ...fresh, breachDirection: "out", breachCount: 1 }, observation: values({}) });
    expect(result).toEqual({
      breachDirection: null,
      breachCount: 0,
      decision: {
        action: "suppressed",
        reason: "metric-missing",
        fromReplicas: 4,
        toReplicas: 4,
        values: { cpu: null, cpuMax: 70, cpuMin: 20, checks: 0 },
        explanation:
          "No CPU data for the service's containers over the last 10 s (are its tasks running and their agents sending metrics?)",
      },
    });
  });

  it("says nothing about missing data while a deployment restarts the tasks", () => {
    expect(decide({ hold: { reason: "deployment-in-progress", detail: "a deployment is in progress" }, observation: values({}) })).toEqual({
      breachDirection: null,
      breachCount: 0,
      decision: null,
    });
  });

  it("records Prometheus being unreachable without deciding anything", () => {
    const result = decide({
      state: { ...fresh, breachDirection: "out", breachCount: 1 },
      observation: { kind: "unavailable", reason: "prometheus-unreachable", message: "Prometheus at http://127.0.0.1:9 did not answer" },
    });
    expect(result.breachCount).toBe(0);
    expect(result.decision).toMatchObject({
      action: "suppressed",
      reason: "prometheus-unreachable",
      explanation: "Prometheus at http://127.0.0.1:9 did not answer; nothing decided",
    });
  });

  it("decides nothing for a rule without thresholds", () => {
    const s = settings({ thresholds: { cpu: none, memory: none, inRate: none, outRate: none } });
    expect(decide({ settings: s, observation: values({ cpu: 99 }) })).toEqual({ breachDirection: null, breachCount: 0, decision: null });
  });
});

describe("decideScaling: bounds", () => {
  it("brings a service above max_instances back at once, without waiting for data or breaches", () => {
    const result = decide({
      replicas: 8,
      state: { ...fresh, lastScaledAt: ago(1) },
      observation: { kind: "unavailable", reason: "prometheus-unreachable", message: "down" },
    });
    expect(result.decision).toMatchObject({
      action: "scale-in",
      reason: "above-max",
      fromReplicas: 8,
      toReplicas: 6,
      explanation: "8 instances is above the rule's maximum of 6 → 8 → 6",
    });
  });

  it("raises a service below min_instances", () => {
    expect(decide({ replicas: 1, settings: settings({ minInstances: 3 }) }).decision).toMatchObject({
      action: "scale-out",
      reason: "below-min",
      toReplicas: 3,
    });
  });

  it("does not correct while a release owns the service", () => {
    const result = decide({ replicas: 8, hold: { reason: "release-active", detail: "release #2 of the application is in progress" } });
    expect(result.decision).toMatchObject({
      action: "suppressed",
      reason: "release-active",
      toReplicas: 8,
      explanation: "8 instances is above the rule's maximum of 6; not corrected while release #2 of the application is in progress",
    });
  });
});

describe("failedDecision", () => {
  it("turns a scaling that could not be carried out into a suppressed one", () => {
    const scaled = decide({ state: { ...fresh, breachDirection: "out", breachCount: 1 }, observation: values({ cpu: 83 }) }).decision;
    if (!scaled) throw new Error("expected a decision");
    expect(failedDecision(scaled, "failed", "the cluster has no reachable manager")).toMatchObject({
      action: "suppressed",
      reason: "failed",
      fromReplicas: 4,
      toReplicas: 4,
      explanation: "CPU 83 % > 70 % for 2 checks → +2, 4 → 6: not done, the cluster has no reachable manager",
    });
  });
});
