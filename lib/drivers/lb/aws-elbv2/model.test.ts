import { describe, expect, it } from "vitest";
import { elbKind, forwardAction, planTargets, sameForward, supportsProtocol, targetGroupName } from "./model";

const ALB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
const NLB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/tcp/50dc6c495c0c9189";

describe("ELBv2 model", () => {
  it("names target groups within AWS's rules (32 characters, letters, digits, hyphens) and uniquely per load balancer", () => {
    const name = targetGroupName(ALB, { port: 65535, protocol: "https" }, "a-very-long pool name!");
    expect(name.length).toBeLessThanOrEqual(32);
    expect(name).toMatch(/^wharf-65535-averylon-[0-9a-f]{8}$/);
    expect(targetGroupName(ALB, { port: 80, protocol: "http" }, "blue")).not.toBe(
      targetGroupName(NLB, { port: 80, protocol: "http" }, "blue"),
    );
    expect(targetGroupName(ALB, { port: 80, protocol: "http" }, "blue")).toBe(targetGroupName(ALB, { port: 80, protocol: "http" }, "blue"));
  });
  it("knows an ALB serves http/https and an NLB tcp/udp, from the ARN", () => {
    expect(elbKind(ALB)).toBe("application");
    expect(elbKind(NLB)).toBe("network");
    expect(supportsProtocol("application", "http")).toBe(true);
    expect(supportsProtocol("application", "tcp")).toBe(false);
    expect(supportsProtocol("network", "udp")).toBe(true);
  });
  it("plans registrations: new targets registered, leaving ones deregistered, draining ones count as gone", () => {
    const plan = planTargets(
      [
        { id: "10.0.0.1", port: 1, state: "healthy" },
        { id: "10.0.0.2", port: 2, state: "draining" },
        { id: "10.0.0.3", port: 3, state: "unhealthy" },
      ],
      // backends carry task ids too; targets are matched by address, never by id
      [{ id: "task1", address: "10.0.0.1", port: 1 } as { address: string; port: number }, { address: "10.0.0.2", port: 2 }],
    );
    expect(plan.register).toEqual([{ Id: "10.0.0.2", Port: 2 }]);
    expect(plan.deregister).toEqual([{ Id: "10.0.0.3", Port: 3 }]);
  });
  it("forward actions always use ForwardConfig; NLB ones carry no stickiness", () => {
    expect(forwardAction([{ arn: "a", weight: 1 }], true).ForwardConfig).toMatchObject({ TargetGroupStickinessConfig: { Enabled: true } });
    expect(forwardAction([{ arn: "a", weight: 1 }], null).ForwardConfig).not.toHaveProperty("TargetGroupStickinessConfig");
    expect(
      sameForward(
        [
          { arn: "a", weight: 800 },
          { arn: "b", weight: 200 },
        ],
        [
          { arn: "b", weight: 200 },
          { arn: "a", weight: 800 },
        ],
      ),
    ).toBe(true);
    expect(sameForward([{ arn: "a", weight: 800 }], [{ arn: "a", weight: 799 }])).toBe(false);
  });
});
