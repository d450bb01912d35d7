import { describe, expect, it } from "vitest";
import { buildAutoScaling, type AutoScalingEntry } from "./auto-scaling";
import { AUTO_SCALING_DEFAULTS } from "./auto-scaling-checks";
import { IssueList } from "./issue-list";
import { parseLabels } from "./labels";
import { compileOk, errorsOf } from "./test-helpers";

function build(pairs: Record<string, string>, mode = "replicated", replicas?: number) {
  const entries = new Map<string, AutoScalingEntry>(
    Object.entries(pairs).map(([field, value]) => [
      field,
      { value, label: `aliyun.auto_scaling.${field}`, path: ["services", "web", "labels", `aliyun.auto_scaling.${field}`] },
    ]),
  );
  const issues = new IssueList();
  const rule = buildAutoScaling(entries, { mode, replicas, path: ["services", "web", "labels"] }, issues);
  return { rule, issues: issues.items };
}

describe("buildAutoScaling", () => {
  it("applies defaults: step 1, 1 to 10 instances, Wharf's timings", () => {
    expect(build({ max_cpu: "70" })).toEqual({
      rule: { step: 1, minInstances: 1, maxInstances: 10, ...AUTO_SCALING_DEFAULTS, cpu: { max: 70 } },
      issues: [],
    });
  });

  it("reads Wharf's timings: durations or whole seconds", () => {
    const { rule, issues } = build({ max_cpu: "70", window: "30s", cooldown: "2m", scale_in_cooldown: "300", breaches: "3" });
    expect(rule).toMatchObject({ windowSeconds: 30, cooldownSeconds: 120, scaleInCooldownSeconds: 300, breaches: 3 });
    expect(issues).toEqual([]);
    expect(build({ max_cpu: "70", cooldown: "0" }).rule?.cooldownSeconds).toBe(0);
  });

  it("reads every metric", () => {
    const { rule, issues } = build({
      max_cpu: "80",
      min_cpu: "20",
      max_internetOutRate: "1048576",
      min_internetOutRate: "1024",
      max_internetInRate: "2048",
      step: "2",
      min_instances: "2",
      max_instances: "20",
    });
    expect(rule).toEqual({
      step: 2,
      minInstances: 2,
      maxInstances: 20,
      ...AUTO_SCALING_DEFAULTS,
      cpu: { max: 80, min: 20 },
      internetOutRate: { max: 1048576, min: 1024 },
      internetInRate: { max: 2048 },
    });
    expect(issues).toEqual([]);
  });

  it.each([
    [{ step: "9" }, /step: must be from 1 to 5, got 9/],
    [{ step: "0" }, /from 1 to 5/],
    [{ step: "two" }, /expected a whole number/],
    [{ max_cpu: "120" }, /from 50 to 100/],
    [{ max_cpu: "40" }, /from 50 to 100/],
    [{ min_cpu: "60" }, /from 0 to 50/],
    [{ max_cpu: "60", min_cpu: "40" }, /at least 30 points below/],
    [{ max_memory: "abc" }, /expected a number/],
    [{ max_internetOutRate: "10", min_internetOutRate: "10" }, /must be below/],
    [
      { min_instances: "5", max_instances: "3" },
      /aliyun.auto_scaling.min_instances \(5\) is above aliyun.auto_scaling.max_instances \(3\)/,
    ],
    [
      { max_cpu: "60", min_cpu: "40" },
      /aliyun.auto_scaling.min_cpu \(40\) must be at least 30 points below aliyun.auto_scaling.max_cpu \(60\)/,
    ],
    [{ window: "5s" }, /window: must be from 10 s to 3600 s, got "5s"/],
    [{ window: "2h" }, /from 10 s to 3600 s/],
    [{ cooldown: "soon" }, /invalid duration "soon"/],
    [{ scale_in_cooldown: "-5s" }, /must not be negative/],
    [{ breaches: "0" }, /breaches: must be from 1 to 60, got 0/],
    [{ breaches: "1.5" }, /expected a whole number/],
    [{ windw: "30s" }, /unknown autoscaling label .* \(did you mean "window"\?\)/],
    [{ min_instances: "0" }, /from 1 to 1000/],
    [{ max_cpux: "70" }, /unknown autoscaling label .* \(did you mean "max_cpu"\?\)/],
  ])("rejects %j", (pairs, message) => {
    const { rule, issues } = build(pairs);
    expect(rule).toBeUndefined();
    expect(issues.find((i) => i.severity === "error")?.message).toMatch(message);
  });

  it("refuses autoscaling for global services", () => {
    expect(build({ max_cpu: "70" }, "global").issues[0]?.message).toMatch(/needs a replicated service/);
  });

  it("warns about rules that cannot trigger, mixed metrics and out-of-bounds replicas", () => {
    expect(build({ step: "2" }).issues[0]?.message).toMatch(/never trigger/);
    expect(build({ max_cpu: "70", max_memory: "80" }).issues[0]?.message).toMatch(/work against each other/);
    expect(build({ max_cpu: "70", max_instances: "5" }, "replicated", 8).issues[0]?.message).toMatch(/outside the autoscaling bounds 1-5/);
  });
});

describe("autoscaling labels: spellings", () => {
  const labels = (pairs: Record<string, string>) => {
    const text = `services:\n  web:\n    image: nginx\n    labels:\n${Object.entries(pairs)
      .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
      .join("")}`;
    const service = compileOk(text).app.services.web;
    if (!service) throw new Error("no service");
    return parseLabels({ serviceName: "web", service });
  };

  it("reads wharf.autoscaling.* twins of every field, with the Wharf-only timings", () => {
    const { extensions, issues } = labels({
      "wharf.autoscaling.max_cpu": "75",
      "wharf.autoscaling.min_cpu": "15",
      "wharf.autoscaling.max_memory": "90",
      "wharf.autoscaling.min_memory": "10",
      "wharf.autoscaling.max_internetInRate": "2048",
      "wharf.autoscaling.min_internetInRate": "10",
      "wharf.autoscaling.max_internetOutRate": "4096",
      "wharf.autoscaling.min_internetOutRate": "20",
      "wharf.autoscaling.step": "3",
      "wharf.autoscaling.min_instances": "2",
      "wharf.autoscaling.max_instances": "8",
      "wharf.autoscaling.window": "30s",
      "wharf.autoscaling.cooldown": "45s",
      "wharf.autoscaling.scale_in_cooldown": "5m",
      "wharf.autoscaling.breaches": "4",
    });
    expect(extensions.autoScaling).toEqual({
      cpu: { max: 75, min: 15 },
      memory: { max: 90, min: 10 },
      internetInRate: { max: 2048, min: 10 },
      internetOutRate: { max: 4096, min: 20 },
      step: 3,
      minInstances: 2,
      maxInstances: 8,
      windowSeconds: 30,
      cooldownSeconds: 45,
      scaleInCooldownSeconds: 300,
      breaches: 4,
    });
    expect(issues.filter((i) => i.code !== "conflict")).toEqual([]);
  });

  it("mixes spellings into one rule; Wharf's spelling wins a clash, with a warning", () => {
    const { extensions, issues } = labels({
      "aliyun.auto_scaling.max_cpu": "70",
      "aliyun.auto_scaling.step": "2",
      "wharf.autoscaling.max_cpu": "80",
      "wharf.autoscaling.cooldown": "10s",
    });
    expect(extensions.autoScaling).toMatchObject({ cpu: { max: 80 }, step: 2, cooldownSeconds: 10 });
    expect(issues).toEqual([
      expect.objectContaining({
        severity: "warning",
        path: 'services.web.labels["aliyun.auto_scaling.max_cpu"]',
        message: "aliyun.auto_scaling.max_cpu is ignored because wharf.autoscaling.max_cpu is also set",
      }),
    ]);
    expect(labels({ "aliyun.auto_scaling.max_cpu": "70", "wharf.autoscaling.max_cpu": "70" }).issues).toEqual([]);
  });

  it("accepts the Wharf-only timings under the classic spelling, and warns about aliyun.autoscaling.*", () => {
    expect(labels({ "aliyun.auto_scaling.max_cpu": "70", "aliyun.auto_scaling.window": "20s" }).extensions.autoScaling?.windowSeconds).toBe(
      20,
    );
    const odd = labels({ "aliyun.autoscaling.max_cpu": "70" });
    expect(odd.extensions.autoScaling?.cpu).toEqual({ max: 70 });
    expect(odd.issues[0]?.message).toMatch(/please write wharf.autoscaling/);
  });

  it("reports a misspelt field under either spelling, and a wrong timing at its label", () => {
    expect(errorsOf(labels({ "wharf.autoscaling.max_cpuu": "70" }).issues)[0]?.message).toMatch(
      /unknown autoscaling label "wharf.autoscaling.max_cpuu" \(did you mean "max_cpu"\?\)/,
    );
    const bad = errorsOf(labels({ "wharf.autoscaling.max_cpu": "70", "wharf.autoscaling.breaches": "100" }).issues);
    expect(bad).toEqual([
      expect.objectContaining({
        path: 'services.web.labels["wharf.autoscaling.breaches"]',
        message: "wharf.autoscaling.breaches: must be from 1 to 60, got 100",
      }),
    ]);
  });
});
