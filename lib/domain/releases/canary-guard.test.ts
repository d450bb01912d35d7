import { describe, expect, it } from "vitest";
import type { ColourFigures } from "@/lib/schemas/releases";
import { judgeCanary, MIN_REQUESTS_TO_JUDGE } from "./canary-guard";

const figures = (over: Partial<ColourFigures>): ColourFigures => ({
  weight: 50,
  requestsPerSecond: 10,
  errorRate: 0,
  p50Ms: 5,
  p95Ms: 10,
  requests: 100,
  healthyBackends: 2,
  backends: 2,
  ...over,
});
const params = { maxErrorRate: 0.05, maxP95Ms: 500 };
const names = { old: "blue", new: "green" };

describe("judgeCanary", () => {
  it("crosses when the new colour's error rate is above the old one's by more than allowed", () => {
    const v = judgeCanary(params, names, figures({ errorRate: 0 }), figures({ errorRate: 0.2 }));
    expect(v.verdict).toBe("crossed");
    expect(v.reason).toContain("20.0 %");
  });
  it("stays within when both colours fail alike (the old colour is the baseline)", () => {
    expect(judgeCanary(params, names, figures({ errorRate: 0.2 }), figures({ errorRate: 0.22 })).verdict).toBe("within");
  });
  it("crosses on p95 only above the limit and above the old colour's p95", () => {
    expect(judgeCanary(params, names, figures({ p95Ms: 100 }), figures({ p95Ms: 900 })).verdict).toBe("crossed");
    expect(judgeCanary(params, names, figures({ p95Ms: 1000 }), figures({ p95Ms: 900 })).verdict).toBe("within");
    expect(judgeCanary(params, names, figures({ p95Ms: 100 }), figures({ p95Ms: 400 })).verdict).toBe("within");
  });
  it("does not judge on too few requests", () => {
    expect(judgeCanary(params, names, figures({}), figures({ requests: MIN_REQUESTS_TO_JUDGE - 1, errorRate: 1 })).verdict).toBe(
      "insufficient",
    );
    expect(judgeCanary(params, names, figures({}), null).verdict).toBe("insufficient");
  });
  it("judges without old figures (no traffic left on the old colour) against zero errors", () => {
    expect(judgeCanary(params, names, null, figures({ errorRate: 0.1 })).verdict).toBe("crossed");
  });
});
