import { describe, expect, it } from "vitest";
import { buildAutoScaling, type AutoScalingEntry } from "./auto-scaling";
import { IssueList } from "./issue-list";

function build(pairs: Record<string, string>, mode = "replicated", replicas?: number) {
  const entries = new Map<string, AutoScalingEntry>(
    Object.entries(pairs).map(([field, value]) => [field, { value, label: `aliyun.auto_scaling.${field}`, path: ["services", "web", "labels", `aliyun.auto_scaling.${field}`] }]),
  );
  const issues = new IssueList();
  const rule = buildAutoScaling(entries, { mode, replicas, path: ["services", "web", "labels"] }, issues);
  return { rule, issues: issues.items };
}

describe("buildAutoScaling", () => {
  it("applies defaults: step 1, 1 to 10 instances", () => {
    expect(build({ max_cpu: "70" })).toEqual({ rule: { step: 1, minInstances: 1, maxInstances: 10, cpu: { max: 70 } }, issues: [] });
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
    expect(rule).toEqual({ step: 2, minInstances: 2, maxInstances: 20, cpu: { max: 80, min: 20 }, internetOutRate: { max: 1048576, min: 1024 }, internetInRate: { max: 2048 } });
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
    [{ min_instances: "5", max_instances: "3" }, /min_instances \(5\) is above max_instances \(3\)/],
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
