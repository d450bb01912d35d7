import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { statsWindowMs } from "./stats-window";

describe("the stats window", () => {
  it("is 5 s unless asked, and at most 10 minutes of whole milliseconds", () => {
    expect(statsWindowMs()).toBe(5_000);
    expect(statsWindowMs({})).toBe(5_000);
    expect(statsWindowMs({ windowMs: 600_000 })).toBe(600_000);
    for (const windowMs of [0, -1, 600_001, 1.5, Number.NaN]) {
      expect(() => statsWindowMs({ windowMs }), String(windowMs)).toThrow(AppError);
    }
  });
});
