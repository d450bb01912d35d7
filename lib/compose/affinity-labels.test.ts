import { describe, expect, it } from "vitest";
import { affinityServiceTarget, imageAffinityLabel, imageRepository, pinLabel, serviceAffinityLabel } from "./affinity-labels";

describe("affinity labels", () => {
  it.each([
    ["nginx", "wharf.image.nginx"],
    ["nginx:1.27", "wharf.image.nginx"],
    ["library/nginx", "wharf.image.nginx"],
    ["docker.io/library/nginx:latest", "wharf.image.nginx"],
    ["bitnami/redis", "wharf.image.bitnami.redis"],
    ["my_org/my.app", "wharf.image.my_uorg.my_dapp"],
    ["registry.example.com:5000/team/api@sha256:" + "b".repeat(64), "wharf.image.registry_dexample_dcom_c5000.team.api"],
    ["GHCR.IO/org/app", "wharf.image.ghcr_dio.org.app"],
  ])("encodes %s as %s", (image, label) => {
    expect(imageAffinityLabel(image)).toBe(label);
  });

  it("produces keys Swarm accepts in constraints", () => {
    const key = `node.labels.${imageAffinityLabel("registry.example.com:5000/a_b/c-d.e") ?? ""}`;
    expect(key).toMatch(/^[a-z_][a-z0-9\-_.]+$/i);
  });

  it("keeps distinct repositories distinct", () => {
    expect(imageAffinityLabel("a.b/c")).not.toBe(imageAffinityLabel("a/b.c"));
    expect(imageAffinityLabel("a_b/c")).not.toBe(imageAffinityLabel("a.b/c"));
  });

  it("returns undefined for invalid images", () => {
    expect(imageAffinityLabel("Not Valid")).toBeUndefined();
    expect(imageRepository("")).toBeUndefined();
  });

  it("builds service and pin labels", () => {
    expect(serviceAffinityLabel("shop", "db")).toBe("wharf.svc.shop.db");
    expect(pinLabel("shop", "api")).toBe("wharf.pin.shop.api");
    expect(affinityServiceTarget("db", "shop")).toEqual({ app: "shop", service: "db" });
    expect(affinityServiceTarget("billing_db", "shop")).toEqual({ app: "billing", service: "db" });
  });
});
