import { describe, expect, it } from "vitest";
import { createAlertRuleSchema, createAlertSilenceSchema } from "./alerts";
import { createNotificationChannelSchema, updateNotificationChannelSchema } from "./notification-channels";

const ID = "cabcdefghijklmnop1234567";

describe("alert rule requests", () => {
  it("need a threshold where the kind has one, and none where it has not", () => {
    expect(createAlertRuleSchema.safeParse({ name: "cpu", kind: "SERVICE_CPU", threshold: 80 }).success).toBe(true);
    expect(createAlertRuleSchema.safeParse({ name: "cpu", kind: "SERVICE_CPU" }).error?.issues[0]?.path).toEqual(["threshold"]);
    expect(createAlertRuleSchema.safeParse({ name: "mem", kind: "NODE_MEMORY", threshold: 101 }).success).toBe(false);
    expect(createAlertRuleSchema.safeParse({ name: "down", kind: "NODE_UNREACHABLE", threshold: 5 }).error?.issues[0]?.path).toEqual([
      "threshold",
    ]);
  });

  it("take only the scope fields their kind uses; a service needs its application", () => {
    expect(createAlertRuleSchema.safeParse({ name: "n", kind: "NODE_CPU", threshold: 90, nodeId: ID }).success).toBe(true);
    expect(createAlertRuleSchema.safeParse({ name: "n", kind: "NODE_CPU", threshold: 90, service: "web", applicationId: ID }).success).toBe(
      false,
    );
    expect(
      createAlertRuleSchema.safeParse({ name: "s", kind: "SERVICE_CPU", threshold: 90, service: "web" }).error?.issues[0]?.path,
    ).toEqual(["service"]);
    expect(createAlertRuleSchema.safeParse({ name: "s", kind: "SERVICE_CPU", threshold: 90, bogus: 1 }).success).toBe(false);
  });
});

describe("silence requests", () => {
  it("take a duration or an end in the future, and only alert labels as matchers", () => {
    expect(createAlertSilenceSchema.safeParse({ comment: "deploying", durationSeconds: 600 }).success).toBe(true);
    expect(
      createAlertSilenceSchema.safeParse({
        comment: "x",
        endsAt: new Date(Date.now() + 60_000).toISOString(),
        matchers: { service: "web" },
      }).success,
    ).toBe(true);
    expect(createAlertSilenceSchema.safeParse({ comment: "x" }).success).toBe(false);
    expect(
      createAlertSilenceSchema.safeParse({ comment: "x", durationSeconds: 600, endsAt: new Date(Date.now() + 60_000).toISOString() })
        .success,
    ).toBe(false);
    expect(createAlertSilenceSchema.safeParse({ comment: "x", endsAt: new Date(Date.now() - 1000).toISOString() }).success).toBe(false);
    expect(createAlertSilenceSchema.safeParse({ comment: "x", durationSeconds: 600, matchers: { org: "someone-else" } }).success).toBe(
      false,
    );
  });
});

describe("notification channel requests", () => {
  it("are checked per kind", () => {
    expect(createNotificationChannelSchema.safeParse({ kind: "EMAIL", name: "ops", to: ["Ops@Example.test"] }).data).toMatchObject({
      to: ["ops@example.test"],
    });
    expect(createNotificationChannelSchema.safeParse({ kind: "EMAIL", name: "ops", to: [] }).success).toBe(false);
    expect(createNotificationChannelSchema.safeParse({ kind: "SLACK", name: "s", url: "ftp://x" }).success).toBe(false);
    expect(createNotificationChannelSchema.safeParse({ kind: "WEBHOOK", name: "w", url: "https://x.test/h", secret: "mine" }).success).toBe(
      false,
    );
    expect(
      createNotificationChannelSchema.safeParse({
        kind: "DINGTALK",
        name: "d",
        url: "https://oapi.dingtalk.com/robot/send?access_token=a",
        secret: "SECabcdefgh",
      }).success,
    ).toBe(true);
    expect(updateNotificationChannelSchema.safeParse({ rotateSecret: false }).success).toBe(false);
  });
});
