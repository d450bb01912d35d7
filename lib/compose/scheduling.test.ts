import { describe, expect, it } from "vitest";
import { parseLabels } from "./labels";
import { buildPlacement } from "./scheduling";
import { compileOk } from "./test-helpers";

function plan(body: string, options: { defaultStrategy?: "spread" | "binpack"; spreadDescriptor?: string } = {}) {
  const { app } = compileOk(`services:\n  api:\n    image: nginx\n${body}`);
  const service = app.services.api;
  if (!service) throw new Error("no service");
  const { extensions } = parseLabels({ serviceName: "api", service });
  return buildPlacement({ appName: "shop", serviceName: "api", service, extensions, ...options });
}

describe("buildPlacement", () => {
  it("has no constraints and needs no pinning by default", () => {
    expect(plan("")).toEqual({
      placement: { Constraints: [], Preferences: [] },
      genericResources: [],
      strategy: "spread",
      pinning: { required: false, reasons: [], label: "wharf.pin.shop.api", rules: [] },
    });
  });

  it("translates classic constraints and affinities into Swarm constraints", () => {
    const result = plan(
      '    environment:\n      - constraint:node==web-1\n      - constraint:group==1\n      - "constraint:aliyun.node_index!=(1|2)"\n      - constraint:node.role==worker\n      - affinity:image==redis:6\n      - affinity:service==db\n      - affinity:service!=billing_api\n',
    );
    expect(result.placement.Constraints).toEqual([
      "node.hostname==web-1",
      "node.labels.group==1",
      "node.labels.aliyun.node_index!=1",
      "node.labels.aliyun.node_index!=2",
      "node.role==worker",
      "node.labels.wharf.image.redis==true",
      "node.labels.wharf.svc.shop.db==true",
      "node.labels.wharf.svc.billing.api!=true",
    ]);
    expect(result.pinning.required).toBe(false);
  });

  it("keeps compose placement settings and platforms", () => {
    const result = plan(
      "    platform: linux/arm64\n    deploy:\n      placement:\n        constraints: [node.labels.disk==ssd]\n        preferences: [{spread: node.labels.zone}]\n        max_replicas_per_node: 1\n",
    );
    expect(result.placement).toEqual({
      Constraints: ["node.labels.disk==ssd"],
      Preferences: [{ Spread: { SpreadDescriptor: "node.labels.zone" } }],
      MaxReplicas: 1,
      Platforms: [{ OS: "linux", Architecture: "arm64" }],
    });
  });

  it("requires pinning for binpack, alternatives and wildcards, with a pin-label constraint", () => {
    const binpack = plan("    labels:\n      wharf.scheduling.strategy: binpack\n");
    expect(binpack.strategy).toBe("binpack");
    expect(binpack.pinning).toMatchObject({ required: true, reasons: [expect.stringMatching(/^binpack/)] });
    expect(binpack.placement.Constraints).toEqual(["node.labels.wharf.pin.shop.api==true"]);

    const alternatives = plan('    environment:\n      - "constraint:zone==(a|b)"\n      - constraint:node==web-*\n');
    expect(alternatives.pinning.reasons).toEqual([expect.stringMatching(/lists alternatives/), expect.stringMatching(/uses wildcards/)]);
    expect(alternatives.pinning.rules).toHaveLength(2);
  });

  it("uses the app default strategy and spread descriptor", () => {
    expect(plan("", { defaultStrategy: "binpack" }).strategy).toBe("binpack");
    expect(plan("", { spreadDescriptor: "node.labels.zone" }).placement.Preferences).toEqual([
      { Spread: { SpreadDescriptor: "node.labels.zone" } },
    ]);
    expect(plan("    labels:\n      wharf.scheduling.strategy: spread\n", { defaultStrategy: "binpack" }).pinning.required).toBe(false);
  });

  it("requests GPUs as generic resources", () => {
    expect(plan('    labels:\n      aliyun.gpu: "2"\n').genericResources).toEqual([{ DiscreteResourceSpec: { Kind: "gpu", Value: 2 } }]);
    expect(
      plan(
        "    deploy:\n      resources:\n        reservations:\n          generic_resources:\n            - discrete_resource_spec: {kind: fpga, value: 1}\n",
      ).genericResources,
    ).toEqual([{ DiscreteResourceSpec: { Kind: "fpga", Value: 1 } }]);
  });

  it("leaves soft rules out of Swarm's constraints: Wharf pins the nodes, preferring those that meet them", () => {
    const result = plan("    environment:\n      - affinity:image==~redis\n      - affinity:service!=~db\n");
    expect(result.placement.Constraints).toEqual(["node.labels.wharf.pin.shop.api==true"]);
    expect(result.pinning).toMatchObject({
      required: true,
      reasons: [
        "affinity:image==~redis, affinity:service!=~db: soft, so Wharf prefers the nodes that meet them and falls back to the others",
      ],
      rules: [expect.objectContaining({ soft: true }), expect.objectContaining({ soft: true })],
    });
  });
});
