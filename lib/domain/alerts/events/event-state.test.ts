import { describe, expect, it } from "vitest";
import type { EventCondition, EventRule } from "./event-condition";
import { conditionKey, nextEntry } from "./event-state";

const rule: EventRule = {
  id: "r1",
  orgId: "o1",
  name: "LB down",
  kind: "LB_NO_HEALTHY_BACKEND",
  severity: "CRITICAL",
  threshold: null,
  forSeconds: 30,
  clusterId: null,
  nodeId: null,
  applicationId: null,
  service: null,
  loadBalancerId: null,
  createdAt: new Date(0),
};
const t = (s: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, s));
const condition = (over: Partial<EventCondition> = {}): EventCondition => ({
  rule,
  subject: { load_balancer: "lb1", listener: "http:80" },
  summary: "No healthy backend",
  startsAt: t(0),
  ...over,
});

describe("event alert state", () => {
  it("fires a condition with a duration only once it has held that long, from when it began", () => {
    const first = nextEntry(condition({ holdSeconds: 30 }), undefined, t(0));
    expect(first.firing).toBe(false);
    const later = nextEntry(condition({ holdSeconds: 30, startsAt: t(20) }), first, t(20));
    expect(later.firing).toBe(false);
    const held = nextEntry(condition({ holdSeconds: 30, startsAt: t(31) }), later, t(31));
    expect(held).toMatchObject({ firing: true, startsAt: t(0).toISOString() });
  });

  it("fires a condition without a duration at once, labelled with the rule and its subject", () => {
    const e = nextEntry(condition({ value: 0 }), undefined, t(5));
    expect(e).toMatchObject({
      firing: true,
      startsAt: t(0).toISOString(),
      annotations: { summary: "No healthy backend", value: "0", rule_name: "LB down" },
    });
    expect(e.labels).toEqual({
      load_balancer: "lb1",
      listener: "http:80",
      alertname: "wharf_lb_no_healthy_backend",
      org: "o1",
      rule: "r1",
      severity: "critical",
    });
  });

  it("keys by rule and subject, whatever the order of the labels", () => {
    expect(conditionKey(condition())).toBe(conditionKey(condition({ subject: { listener: "http:80", load_balancer: "lb1" } })));
    expect(conditionKey(condition())).not.toBe(conditionKey(condition({ subject: { load_balancer: "lb2", listener: "http:80" } })));
  });

  it("the subject cannot override the organisation or rule labels", () => {
    const e = nextEntry(condition({ subject: { org: "o2", rule: "r9" } }), undefined, t(0));
    expect(e.labels).toMatchObject({ org: "o1", rule: "r1" });
  });
});
