import { describe, expect, it } from "vitest";
import { loadCompose } from "./index";

const load = (labels: Record<string, string>, mode = "replicated-job") =>
  loadCompose({
    text: `services:\n  report:\n    image: busybox\n    deploy:\n      mode: ${mode}\n    labels:\n${Object.entries(labels)
      .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
      .join("")}`,
    appName: "shop",
    orgSlug: "acme",
  });

function scheduleOf(labels: Record<string, string>, mode?: string) {
  const result = load(labels, mode);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.services[0]?.extensions.schedule;
}

function errorsOf(labels: Record<string, string>, mode?: string) {
  const result = load(labels, mode);
  return result.ok ? [] : result.errors.map((e) => ({ message: e.message, line: e.line, path: e.path }));
}

describe("schedule labels", () => {
  it("reads a cron schedule with its time zone, in either spelling", () => {
    expect(scheduleOf({ "wharf.schedule": "0 3 * * *", "wharf.schedule.timezone": "Asia/Shanghai" })).toEqual({
      cron: "0 3 * * *",
      timezone: "Asia/Shanghai",
    });
    expect(scheduleOf({ "aliyun.schedule": "*/5 * * * * *" })).toEqual({ cron: "*/5 * * * * *", timezone: "UTC" });
    expect(scheduleOf({ "wharf.schedule": "@hourly" }, "global-job")).toEqual({ cron: "@hourly", timezone: "UTC" });
  });

  it("refuses a bad expression or time zone at the label's line", () => {
    expect(errorsOf({ "wharf.schedule": "61 * * * *" })).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^wharf\.schedule: invalid cron expression/), line: 7 }),
    ]);
    expect(errorsOf({ "wharf.schedule": "* * *" })[0]?.message).toMatch(/expected 5 fields/);
    expect(errorsOf({ "wharf.schedule": "0 3 * * *", "wharf.schedule.timezone": "Mars/Olympus" })).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/unknown time zone "Mars\/Olympus"/), line: 8 }),
    ]);
  });

  it("refuses a schedule on a long-running service", () => {
    expect(errorsOf({ "wharf.schedule": "0 3 * * *" }, "replicated")).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/set deploy\.mode to replicated-job .* got replicated/), line: 7 }),
    ]);
  });

  it("warns about a time zone without a schedule, and suggests the label for a typo", () => {
    const result = load({ "wharf.schedule.timezone": "UTC" });
    expect(result.ok && result.warnings.map((w) => w.message)).toEqual(["wharf.schedule.timezone has no effect without a schedule label"]);
    expect(errorsOf({ "wharf.schedul": "0 3 * * *" })[0]?.message).toMatch(/did you mean "wharf\.schedule"/);
  });
});
