import { describe, expect, it } from "vitest";
import { parsePlacementRule } from "@/lib/compose/placement-rules";
import type { PlacementRule } from "@/lib/compose/extensions";
import type { Inventory } from "@/lib/protocol/inventory";
import type { ReportedTask } from "@/lib/protocol/task-report";
import {
  imagesChanged,
  servicesChanged,
  affinityLabelChange,
  referencedAffinityLabels,
  taskServiceLabel,
  trueAffinityLabels,
  withTrueAffinityLabels,
} from "./affinity-node-labels";

function rule(kind: "affinity" | "constraint", body: string): PlacementRule {
  const parsed = parsePlacementRule(kind, body);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe("referencedAffinityLabels", () => {
  it("names the labels of hard and soft affinities, and nothing for constraints", () => {
    const labels = referencedAffinityLabels([
      { appName: "shop", rules: [rule("affinity", "image==redis:7"), rule("affinity", "service!=~db"), rule("constraint", "zone==a")] },
      { appName: "blog", rules: [rule("affinity", "service==shop_web"), rule("affinity", "image==~10.77.0.1:5391/acme/app")] },
    ]);
    expect([...labels].sort()).toEqual([
      "wharf.image.10_d77_d0_d1_c5391.acme.app",
      "wharf.image.redis",
      "wharf.svc.shop.db",
      "wharf.svc.shop.web",
    ]);
  });
});

describe("trueAffinityLabels", () => {
  it("turns a node's image repositories and task services into labels", () => {
    expect(taskServiceLabel("shop_web")).toBe("wharf.svc.shop.web");
    expect(taskServiceLabel("shop_web_green")).toBe("wharf.svc.shop.web");
    expect(taskServiceLabel("standalone")).toBeUndefined();
    const labels = trueAffinityLabels({ images: ["redis", "library/nginx", "Not Valid"], services: ["shop_db", "shop_db", "x"] });
    expect([...labels].sort()).toEqual(["wharf.image.nginx", "wharf.image.redis", "wharf.svc.shop.db"]);
  });
});

describe("affinityLabelChange", () => {
  const referenced = new Set(["wharf.image.redis", "wharf.svc.shop.db"]);

  it("adds the referenced labels that are true of the node, and only those", () => {
    const change = affinityLabelChange({
      current: { zone: "a", "wharf.pin.shop.web": "true" },
      referenced,
      facts: { images: ["redis", "nginx"], services: ["shop_db", "shop_web"] },
    });
    expect(change).toEqual({
      labels: { zone: "a", "wharf.pin.shop.web": "true", "wharf.image.redis": "true", "wharf.svc.shop.db": "true" },
      added: ["wharf.image.redis", "wharf.svc.shop.db"],
      removed: [],
    });
  });

  it("removes a label whose fact ended, referenced or not, and leaves a true unreferenced one", () => {
    const change = affinityLabelChange({
      current: {
        "wharf.image.redis": "true",
        "wharf.image.old": "true",
        "wharf.svc.other.api": "true",
        "wharf.svc.shop.db": "true",
        user: "x",
      },
      referenced,
      facts: { images: ["old"], services: [] },
    });
    expect(change).toEqual({
      labels: { "wharf.image.old": "true", user: "x" },
      added: [],
      removed: ["wharf.image.redis", "wharf.svc.other.api", "wharf.svc.shop.db"],
    });
  });

  it("is null when the labels are right already", () => {
    expect(
      affinityLabelChange({ current: { "wharf.image.redis": "true" }, referenced, facts: { images: ["redis"], services: [] } }),
    ).toBeNull();
    expect(affinityLabelChange({ current: {}, referenced: new Set(), facts: { images: ["redis"], services: ["shop_db"] } })).toBeNull();
  });

  it("leaves image labels alone when the agent does not report images", () => {
    const change = affinityLabelChange({
      current: { "wharf.image.redis": "true" },
      referenced,
      facts: { images: null, services: ["shop_db"] },
    });
    expect(change).toEqual({
      labels: { "wharf.image.redis": "true", "wharf.svc.shop.db": "true" },
      added: ["wharf.svc.shop.db"],
      removed: [],
    });
  });

  it("rewrites a label with another value than true", () => {
    const change = affinityLabelChange({ current: { "wharf.image.redis": "yes" }, referenced, facts: { images: ["redis"], services: [] } });
    expect(change?.labels).toEqual({ "wharf.image.redis": "true" });
  });
});

describe("withTrueAffinityLabels", () => {
  it("replaces the affinity labels with the ones true now and keeps the others", () => {
    expect(
      withTrueAffinityLabels(
        { zone: "a", "wharf.image.old": "true", "wharf.pin.shop.web": "true" },
        { images: ["redis"], services: ["shop_db"] },
      ),
    ).toEqual({ zone: "a", "wharf.pin.shop.web": "true", "wharf.image.redis": "true", "wharf.svc.shop.db": "true" });
    expect(withTrueAffinityLabels({ "wharf.image.old": "true", "wharf.svc.a.b": "true" }, { images: null, services: [] })).toEqual({
      "wharf.image.old": "true",
    });
  });
});

describe("what asks for a sync", () => {
  const task = (service: string, state: ReportedTask["state"] = "running", taskId = `t-${service}`): ReportedTask => ({
    taskId,
    service,
    state,
    health: "none",
    ports: [],
  });

  it("a task report changes the node's services only when the set of running services changes", () => {
    const before = [task("shop_web"), task("shop_db")];
    expect(servicesChanged(before, [task("shop_db"), task("shop_web", "running", "other")])).toBe(false); // replaced, reordered
    expect(servicesChanged(before, [task("shop_web"), task("shop_web", "running", "t2"), task("shop_db")])).toBe(false); // one more replica
    expect(servicesChanged(before, [task("shop_web")])).toBe(true);
    expect(servicesChanged(before, [task("shop_web"), task("shop_db", "stopping")])).toBe(true); // a stopping task is leaving
    expect(servicesChanged(null, [task("shop_web")])).toBe(true);
    expect(servicesChanged("not a report", [])).toBe(false);
  });

  it("an inventory changes the node's images only when its repositories change", () => {
    const inventory = (images?: string[]) => ({ ...({} as Inventory), images });
    expect(imagesChanged({ images: ["redis", "nginx"] }, inventory(["redis", "nginx"]))).toBe(false);
    expect(imagesChanged({ images: ["redis"] }, inventory(["redis", "nginx"]))).toBe(true);
    expect(imagesChanged(null, inventory(undefined))).toBe(false);
  });
});
