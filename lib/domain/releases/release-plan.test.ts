import { describe, expect, it } from "vitest";
import { loadCompose } from "@/lib/compose";
import type { CompiledTemplate } from "../applications/compile-template";
import { planRelease, releaseParameters } from "./release-plan";

function compiled(labels: string, extra = ""): CompiledTemplate {
  const text = `services:
  web:
    image: registry.example/acme/web:2
    deploy:
      replicas: 3
    ports: ["80"]
    labels:
      aliyun.lb.port_80: http://edge:8080
${labels}
  worker:
    image: registry.example/acme/worker:2
${extra}`;
  const result = loadCompose({ text, env: {}, appName: "shop", orgSlug: "acme" });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result;
}

const live = [
  { name: "web", swarmName: "shop_web", replicas: 5 },
  { name: "worker", swarmName: "shop_worker", replicas: 1 },
];

describe("planRelease", () => {
  it("runs the services behind a load balancer in the other colour, with their current replicas", () => {
    const plan = planRelease({ compiled: compiled(""), live, options: { strategy: "blue-green" } });
    expect(plan.services).toEqual([{ name: "web", from: "shop_web", to: "shop_web_green", replicas: 5 }]);
    expect([plan.fromColour, plan.toColour]).toEqual(["blue", "green"]);
    expect(plan.canary).toBeNull();
  });

  it("alternates: a service that runs green is released into blue", () => {
    const plan = planRelease({ compiled: compiled(""), live: [{ name: "web", swarmName: "shop_web_green", replicas: 2 }], options: {} });
    expect(plan.services[0]).toMatchObject({ from: "shop_web_green", to: "shop_web" });
    expect([plan.strategy, plan.fromColour, plan.toColour]).toEqual(["rolling", "green", "blue"]);
  });

  it("reads the strategy and canary parameters from wharf.release.* labels; what is chosen wins", () => {
    const c = compiled(`      wharf.release.strategy: canary
      wharf.release.canary.steps: "5,25,50"
      wharf.release.canary.hold: 30s
      wharf.release.canary.max_error_rate: 2%
      wharf.release.canary.max_p95_ms: "800"`);
    const plan = planRelease({ compiled: c, live, options: {} });
    expect(plan.strategy).toBe("canary");
    expect(plan.canary).toEqual({ steps: [5, 25, 50, 100], holdSeconds: 30, maxErrorRate: 0.02, maxP95Ms: 800 });
    expect(planRelease({ compiled: c, live, options: { canary: { holdSeconds: 5 } } }).canary?.holdSeconds).toBe(5);
    expect(releaseParameters(c, { strategy: "blue-green" }).strategy).toBe("blue-green");
  });

  it("refuses a release when no running service is behind a load balancer", () => {
    expect(() =>
      planRelease({ compiled: compiled(""), live: [{ name: "worker", swarmName: "shop_worker", replicas: 1 }], options: {} }),
    ).toThrow(/deploy this version as usual/);
  });

  it("refuses bad release labels with a located message", () => {
    const result = loadCompose({
      text: `services:\n  web:\n    image: a/b:1\n    labels:\n      wharf.release.strategy: sideways\n      wharf.release.canary.steps: "50,20"\n`,
      env: {},
      appName: "shop",
      orgSlug: "acme",
    });
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map((e) => e.message).join("\n");
    expect(messages).toMatch(/expected one of rolling, blue-green, canary, got "sideways"/);
    expect(messages).toMatch(/steps must increase/);
  });
});
