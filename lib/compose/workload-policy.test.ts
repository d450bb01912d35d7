import { describe, expect, it } from "vitest";
import { checkServiceSpec } from "@/lib/protocol/service-spec-policy";
import { STRICT_POLICY, UNRESTRICTED_POLICY, workloadPolicySchema, type WorkloadPolicy } from "@/lib/protocol/workload-policy";
import { loadCompose, type LoadComposeResult } from "./index";
import { ALLOWED_UNDER_STRICT, POLICY_CASES } from "../../tests/support/compose/policy-cases";

// Issue 9, finding 1: compose files that reach the machine they run on (the control-plane host on
// the `local` cluster) are refused with a located "policy" error; the owner's relaxation lets them
// through; what touches nothing on the host keeps working under the strict default.

const load = (text: string, policy?: WorkloadPolicy): LoadComposeResult =>
  loadCompose({ text, appName: "shop", orgSlug: "acme", ...(policy ? { defaults: { policy } } : {}) });
const relaxed = (input: object) => workloadPolicySchema.parse(input);

describe("finding 1: the workload policy refuses hostile compose files, located", () => {
  it("has a table of at least 25 escape attempts, every rule covered", () => {
    expect(POLICY_CASES.length).toBeGreaterThanOrEqual(25);
    const rules = new Set(POLICY_CASES.map((c) => c.rule));
    expect([...rules].sort()).toEqual(Object.keys(STRICT_POLICY).sort());
  });

  it.each(POLICY_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = load(c.text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const match = result.errors.find((error) => error.code === "policy" && c.message.test(error.message));
    if (!match) throw new Error(`no policy error matched ${c.message}; got ${JSON.stringify(result.errors, null, 2)}`);
    expect({ path: match.path, line: match.line }).toEqual({ path: c.path, line: c.line });
    expect(match.column).toBeGreaterThanOrEqual(1);
    expect(match.message).toMatch(/workload policy/);
  });

  it("applies the strict policy when none is given, and an explicit strict one the same way", () => {
    for (const c of POLICY_CASES) {
      const implicit = load(c.text);
      const explicit = load(c.text, STRICT_POLICY);
      expect(explicit).toEqual(implicit);
    }
  });
});

describe("finding 1: relaxing the one rule a file needs lets it through", () => {
  it.each(POLICY_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = load(c.text, relaxed(c.relax));
    if (!result.ok) throw new Error(`expected the relaxed policy to accept it; got ${JSON.stringify(result.errors, null, 2)}`);
    expect(result.policy).toEqual(relaxed(c.relax));
  });

  it("keeps the Swarm warning for a dropped key the policy allows", () => {
    const result = load("services:\n  web:\n    image: nginx\n    privileged: true\n", relaxed({ privileged: true }));
    expect(result.ok && result.warnings.map((w) => [w.code, w.path])).toEqual([["unsupported", "services.web.privileged"]]);
  });

  it("writes the normalised bind source into the spec", () => {
    const result = load(
      'services:\n  web:\n    image: nginx\n    volumes: ["/srv/./data//x/../y/:/y"]\n',
      relaxed({ bindMountPaths: ["/srv/data"] }),
    );
    expect(result.ok && result.services[0]?.spec.TaskTemplate.ContainerSpec.Mounts?.[0]).toMatchObject({
      Type: "bind",
      Source: "/srv/data/y",
    });
  });
});

describe("finding 1: what touches nothing on the host still deploys under the strict policy", () => {
  it.each(ALLOWED_UNDER_STRICT)("%s", (_name, text) => {
    const result = load(text);
    if (!result.ok) throw new Error(`expected it to compile; got ${JSON.stringify(result.errors, null, 2)}`);
    for (const service of result.services) expect(checkServiceSpec(service.spec, STRICT_POLICY).violations).toEqual([]);
  });
});

describe("finding 1: the agent's own check refuses the same specs, built without any policy", () => {
  const reaching = POLICY_CASES.filter((c) => c.reachesSpec);

  it.each(reaching.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = load(c.text, UNRESTRICTED_POLICY);
    if (!result.ok) throw new Error(`expected an unrestricted compile; got ${JSON.stringify(result.errors, null, 2)}`);
    const violations = result.services.flatMap((service) => checkServiceSpec(service.spec, STRICT_POLICY).violations);
    expect(violations.map((v) => v.rule)).toContain(c.rule);
    // and the relaxed policy an owner would set accepts what it compiled
    expect(result.services.flatMap((service) => checkServiceSpec(service.spec, relaxed(c.relax)).violations)).toEqual([]);
  });
});

describe("ports bound to the traffic layer are not judged by the number the template wrote", () => {
  const web = (labels: string) => `services:\n  web:\n    image: nginx:1\n    ports: ["80:80", "443:443"]\n${labels}`;

  it('"80:80" is refused on its own, and accepted when a load balancer binds container port 80 (the engine picks the host port)', () => {
    const plain = load(web(""));
    expect(plain.ok).toBe(false);
    if (!plain.ok)
      expect(plain.errors.filter((e) => e.code === "policy").map((e) => e.path)).toEqual([
        "services.web.ports[0]",
        "services.web.ports[1]",
      ]);
    const bound = load(web("    labels:\n      aliyun.lb.port_80: tcp://edge:80\n      aliyun.routing.port_443: shop.example.com\n"));
    expect(bound.ok ? [] : bound.errors).toEqual([]);
    if (bound.ok) expect(bound.services[0]?.spec.EndpointSpec?.Ports?.every((p) => p.PublishedPort === undefined)).toBe(true);
  });

  it("an unbound low port next to a bound one is still refused", () => {
    const result = load(web("    labels:\n      aliyun.lb.port_80: tcp://edge:80\n"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.filter((e) => e.code === "policy").map((e) => e.path)).toEqual(["services.web.ports[1]"]);
  });
});
