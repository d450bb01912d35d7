import { describe, expect, it } from "vitest";
import { silenceMatches, silenceState } from "./silence-matches";

const at = new Date("2026-12-03T10:00:00Z");
const silence = {
  id: "s1",
  orgId: "o1",
  ruleId: "r1",
  matchers: { service: "web" },
  startsAt: new Date("2026-12-03T09:00:00Z"),
  endsAt: new Date("2026-12-03T11:00:00Z"),
  expiredAt: null,
};
const alert = { orgId: "o1", ruleId: "r1", labels: { org: "o1", rule: "r1", service: "web", application: "shop" } };

describe("silences", () => {
  it("hold back alerts of their organisation, rule and labels while they last", () => {
    expect(silenceMatches(silence, alert, at)).toBe(true);
    expect(silenceMatches({ ...silence, ruleId: null, matchers: {} }, alert, at)).toBe(true);
  });

  it("never match another organisation, another rule or other labels", () => {
    expect(silenceMatches(silence, { ...alert, orgId: "o2", labels: { ...alert.labels, org: "o2" } }, at)).toBe(false);
    expect(silenceMatches(silence, { ...alert, ruleId: "r2" }, at)).toBe(false);
    expect(silenceMatches(silence, { ...alert, labels: { ...alert.labels, service: "db" } }, at)).toBe(false);
    expect(silenceMatches({ ...silence, matchers: { node: "n1" } }, alert, at)).toBe(false);
  });

  it("are pending before they start, expired after they end or were ended", () => {
    expect(silenceState(silence, at)).toBe("active");
    expect(silenceState(silence, new Date("2026-12-03T08:00:00Z"))).toBe("pending");
    expect(silenceState(silence, new Date("2026-12-03T11:00:00Z"))).toBe("expired");
    expect(silenceState({ ...silence, expiredAt: at }, at)).toBe("expired");
    expect(silenceMatches(silence, alert, new Date("2026-12-03T12:00:00Z"))).toBe(false);
    expect(silenceMatches({ ...silence, expiredAt: at }, alert, at)).toBe(false);
  });
});
