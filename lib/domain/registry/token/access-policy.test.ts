import { describe, expect, it } from "vitest";
import { grantedActions } from "./access-policy";

const ALL = ["pull", "push", "delete", "*"];

describe("registry access by role", () => {
  it.each([
    ["OWNER", ALL],
    ["ADMIN", ALL],
    ["DEVELOPER", ["pull", "push"]],
    ["VIEWER", ["pull"]],
  ] as const)("%s gets %j", (role, expected) => {
    expect(grantedActions(role, ALL)).toEqual(expected);
  });

  it("outsiders get nothing, and only what was asked is granted", () => {
    expect(grantedActions(null, ALL)).toEqual([]);
    expect(grantedActions("OWNER", ["pull"])).toEqual(["pull"]);
    expect(grantedActions("OWNER", ["push", "bogus"])).toEqual(["push"]);
  });
});
