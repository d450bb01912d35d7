import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderRuleFile, type MetricRuleInput } from "./render-rule-file";

const base = {
  severity: "WARNING",
  threshold: 80,
  forSeconds: 60,
  clusterId: null,
  nodeId: null,
  application: null,
  service: null,
} as const;
const rule = (over: Partial<MetricRuleInput> & Pick<MetricRuleInput, "id" | "orgId" | "kind">): MetricRuleInput => ({
  name: `rule ${over.id}`,
  ...base,
  ...over,
});

const RULES: MetricRuleInput[] = [
  rule({ id: "r2", orgId: "orgb", kind: "NODE_CPU", threshold: 90, nodeId: "n1", severity: "CRITICAL" }),
  rule({ id: "r1", orgId: "orga", kind: "SERVICE_CPU", application: "shop", service: "web", name: "CPU {{ $labels.x }} hot" }),
  rule({ id: "r3", orgId: "orga", kind: "TASK_RESTARTS", threshold: 3, forSeconds: 0 }),
  rule({ id: "r4", orgId: "orga", kind: "SERVICE_MEMORY", threshold: 95, forSeconds: 30 }),
  rule({ id: "r5", orgId: "orga", kind: "NODE_MEMORY", threshold: 50 }),
  rule({ id: "r6", orgId: "orga", kind: "NODE_UNREACHABLE", threshold: null }),
];

type File = {
  groups: Array<{
    name: string;
    rules: Array<{ alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> }>;
  }>;
};

describe("the Prometheus rule file", () => {
  it("is one group per organisation, rules in a stable order, the same text for the same rules", () => {
    const text = renderRuleFile(RULES);
    expect(renderRuleFile([...RULES].reverse())).toBe(text);
    const file = parse(text) as File;
    expect(file.groups.map((g) => g.name)).toEqual(["wharf-org-orga", "wharf-org-orgb"]);
    expect(file.groups[0]?.rules.map((r) => r.labels.rule)).toEqual(["r1", "r3", "r4", "r5"]); // event kinds are not Prometheus'
  });

  it("labels every alert with its organisation, rule and severity, and keeps each rule's own organisation in its query", () => {
    const file = parse(renderRuleFile(RULES)) as File;
    for (const group of file.groups) {
      const org = group.name.replace("wharf-org-", "");
      for (const r of group.rules) {
        expect(r.labels).toMatchObject({ org, alertname: expect.stringMatching(/^wharf_[a-z_]+$/) });
        expect(r.expr).toContain(`org="${org}"`);
        expect(r.expr).not.toMatch(new RegExp(`org="(?!${org}")`));
      }
    }
    const cpu = file.groups[0]?.rules[0];
    expect(cpu).toMatchObject({ alert: "wharf_service_cpu", for: "60s", labels: { rule: "r1", severity: "warning" } });
    expect(cpu?.annotations.rule_name).toBe("CPU { { $labels.x } } hot"); // a tenant's text never opens a template
    expect(cpu?.annotations.summary).toMatch(/^CPU of \{\{ \$labels.application \}\}\/\{\{ \$labels.service \}\} at/);
    expect(file.groups[0]?.rules[1]).not.toHaveProperty("for"); // restarts fire as soon as the count is reached
    expect(file.groups[1]?.rules[0]?.labels.severity).toBe("critical");
  });

  it("with no rules is a valid file with no groups", () => {
    expect(parse(renderRuleFile([]))).toEqual({ groups: [] });
  });

  it.skipIf(!existsSync("/usr/bin/promtool"))("passes promtool check rules", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "wharf-rules-")), "rules.yml");
    writeFileSync(file, renderRuleFile(RULES));
    expect(execFileSync("promtool", ["check", "rules", file], { encoding: "utf8" })).toContain("SUCCESS: 5 rules found");
  });
});
