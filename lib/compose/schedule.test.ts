import { describe, expect, it } from "vitest";
import { latestDueTick, nextTick, parseCron, parseTimezone } from "./schedule";

const at = (iso: string) => new Date(iso);

describe("parseCron", () => {
  it("accepts five fields, six with seconds, and shorthands, normalising spaces", () => {
    expect(parseCron("*/15  * * * *")).toEqual({ ok: true, value: "*/15 * * * *" });
    expect(parseCron("*/5 * * * * *")).toEqual({ ok: true, value: "*/5 * * * * *" });
    expect(parseCron("0 9 * * MON-FRI")).toEqual({ ok: true, value: "0 9 * * MON-FRI" });
    expect(parseCron("0 0 * * THU").ok).toBe(true);
    expect(parseCron("@daily")).toEqual({ ok: true, value: "@daily" });
  });

  it("refuses wrong field counts, out-of-range values, random values and unknown shorthands", () => {
    expect(parseCron("* * *")).toMatchObject({ ok: false, message: expect.stringMatching(/expected 5 fields .* got 3/) });
    expect(parseCron("* * * * * * *")).toMatchObject({ ok: false, message: expect.stringMatching(/got 7/) });
    expect(parseCron("61 * * * *")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/invalid cron expression "61 \* \* \* \*"/),
    });
    expect(parseCron("H * * * *")).toMatchObject({ ok: false, message: expect.stringMatching(/"H"/) });
    expect(parseCron("@sometimes")).toMatchObject({ ok: false, message: expect.stringMatching(/unknown shorthand/) });
  });
});

describe("parseTimezone", () => {
  it("accepts IANA names and refuses others", () => {
    expect(parseTimezone("Asia/Shanghai")).toEqual({ ok: true, value: "Asia/Shanghai" });
    expect(parseTimezone("UTC")).toEqual({ ok: true, value: "UTC" });
    expect(parseTimezone("Mars/Olympus")).toMatchObject({ ok: false, message: expect.stringMatching(/unknown time zone "Mars\/Olympus"/) });
  });
});

describe("ticks", () => {
  it("computes the next tick in the schedule's time zone", () => {
    expect(nextTick({ cron: "0 9 * * *", timezone: "Asia/Shanghai" }, at("2026-01-01T00:00:02Z"))).toEqual(at("2026-01-01T01:00:00Z"));
    expect(nextTick({ cron: "0 9 * * *", timezone: "UTC" }, at("2026-01-01T00:00:02Z"))).toEqual(at("2026-01-01T09:00:00Z"));
  });

  it("seconds: the next tick is strictly after the given time", () => {
    const every5 = { cron: "*/5 * * * * *", timezone: "UTC" };
    expect(nextTick(every5, at("2026-01-01T00:00:10Z"))).toEqual(at("2026-01-01T00:00:15Z"));
  });

  it("the due tick is the latest one in (since, now], or none", () => {
    const every5 = { cron: "*/5 * * * * *", timezone: "UTC" };
    expect(latestDueTick(every5, at("2026-01-01T00:00:10Z"), at("2026-01-01T00:00:14.9Z"))).toBeNull();
    expect(latestDueTick(every5, at("2026-01-01T00:00:10Z"), at("2026-01-01T00:00:15Z"))).toEqual(at("2026-01-01T00:00:15Z"));
    // workers were down for a while: one catch-up run, for the latest tick
    expect(latestDueTick(every5, at("2026-01-01T00:00:10Z"), at("2026-01-01T00:01:02Z"))).toEqual(at("2026-01-01T00:01:00Z"));
  });
});
