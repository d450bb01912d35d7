import { describe, expect, it } from "vitest";
import { parsePlacementRule, parseSwarmLabelList } from "./placement-rules";

describe("parsePlacementRule", () => {
  it.each([
    ["constraint", "node==web-1", { key: "node", op: "==", values: ["web-1"], soft: false, glob: false }],
    ["constraint", "group!=1", { key: "group", op: "!=", values: ["1"], soft: false }],
    ["constraint", "aliyun.node_index==(1|2|3)", { key: "aliyun.node_index", values: ["1", "2", "3"] }],
    ["constraint", "zone==~eu", { op: "==", soft: true, values: ["eu"] }],
    ["constraint", "zone!=~eu", { op: "!=", soft: true }],
    ["constraint", "zone~=eu", { op: "==", soft: true, values: ["eu"] }],
    ["constraint", "node==web-*", { glob: true }],
    ["constraint", " node == web-1 ", { key: "node", values: ["web-1"] }],
    ["affinity", "image==redis:6", { kind: "affinity", key: "image", values: ["redis:6"] }],
    ["affinity", "service!=~db", { kind: "affinity", key: "service", op: "!=", soft: true }],
  ] as const)("%s:%s", (kind, body, expected) => {
    const result = parsePlacementRule(kind, body);
    expect(result).toMatchObject({ ok: true, value: { ...expected, expression: `${kind}:${body}` } });
  });

  it.each([
    ["constraint", "node=x", /use "==" \(must match\) or "!=" \(must not match\) \(e\.g\. constraint:node==x\)/],
    ["constraint", "node", /use "=="/],
    ["constraint", "==x", /"" is not a valid key/],
    ["constraint", "node==", /has no value/],
    ["constraint", "node==/a.*/", /regular expressions are not supported/],
    ["constraint", "node==(a|)", /empty alternative/],
    ["constraint", "node==(a|(b))", /alternatives must look like/],
    ["constraint", "node==a b", /values may contain/],
    ["affinity", "container==x", /containers are not addressable/],
    ["affinity", "servce==x", /did you mean "service"/],
    ["affinity", "image==redis*", /without alternatives or wildcards/],
  ] as const)("rejects %s:%s", (kind, body, message) => {
    const result = parsePlacementRule(kind, body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("parseSwarmLabelList", () => {
  it("parses JSON lists of expressions", () => {
    const result = parseSwarmLabelList("constraint", '["node==a", "disk!=hdd"]');
    expect(result.ok && result.value.map((rule) => rule.expression)).toEqual(["constraint:node==a", "constraint:disk!=hdd"]);
  });

  it("rejects non-lists and bad expressions", () => {
    expect(parseSwarmLabelList("constraint", "node==a")).toMatchObject({ ok: false, message: expect.stringMatching(/JSON list/) });
    expect(parseSwarmLabelList("constraint", "[1]")).toMatchObject({ ok: false, message: expect.stringMatching(/list of strings/) });
    expect(parseSwarmLabelList("constraint", '["node=a"]')).toMatchObject({ ok: false, message: expect.stringMatching(/use "=="/) });
  });
});
