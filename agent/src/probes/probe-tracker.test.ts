import { describe, expect, it } from "vitest";
import type { ProbeDeclaration } from "@/lib/protocol/probe";
import { createTracker, isDue, recordResult } from "./probe-tracker";

const probe: ProbeDeclaration = {
  kind: "http",
  port: 80,
  path: "/",
  intervalSeconds: 2,
  timeoutSeconds: 1,
  initialDelaySeconds: 10,
  failureThreshold: 3,
};
const fail = { ok: false, detail: "HTTP 500" };
const pass = { ok: true, detail: "HTTP 200" };

describe("probe tracker", () => {
  it("waits out the initial delay from the container's start", () => {
    const tracker = createTracker(probe, 1_000);
    expect(tracker.state).toBe("pending");
    expect(isDue(tracker, 10_999)).toBe(false);
    expect(isDue(tracker, 11_000)).toBe(true);
  });

  it("probes every interval after the previous one ended", () => {
    const tracker = createTracker(probe, 0);
    recordResult(tracker, pass, 10_500);
    expect(tracker.state).toBe("passing");
    expect(isDue(tracker, 12_499)).toBe(false);
    expect(isDue(tracker, 12_500)).toBe(true);
  });

  it("asks for the kill once, at the threshold of consecutive failures; a success resets the count", () => {
    const tracker = createTracker(probe, 0);
    expect(recordResult(tracker, fail, 10_000)).toBe(false);
    expect(recordResult(tracker, fail, 12_000)).toBe(false);
    expect(recordResult(tracker, pass, 14_000)).toBe(false);
    expect(tracker.failures).toBe(0);
    expect([16_000, 18_000].map((t) => recordResult(tracker, fail, t))).toEqual([false, false]);
    expect(tracker.state).toBe("failing");
    expect(recordResult(tracker, fail, 20_000)).toBe(true);
    expect(tracker.detail).toBe("HTTP 500");
    expect(isDue(tracker, 1e12)).toBe(false);
    expect(recordResult(tracker, fail, 22_000)).toBe(false);
  });
});
