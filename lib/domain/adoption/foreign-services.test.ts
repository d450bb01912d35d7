import { describe, expect, it } from "vitest";
import type { CommandResult } from "@/lib/protocol/commands";
import { statusService } from "../testing/status-service";
import { groupForeign, pickForeign } from "./foreign-services";

type Status = CommandResult<"services.status">;

const service = (name: string, labels: Record<string, string>): Status["services"][number] =>
  statusService({ id: `id-${name}`, name, labels, image: "busybox:1", spec: { Name: name } });

const status: Status = {
  services: [
    service("shop_web", { "com.docker.stack.namespace": "shop" }),
    service("hello", {}),
    service("mine_web", { "wharf.app": "mine", "wharf.org": "acme", "com.docker.stack.namespace": "mine" }),
    service("shop_db", { "com.docker.stack.namespace": "shop" }),
    service("alpha", { team: "ops" }),
  ],
  tasks: [],
};

const NONE = new Set<string>();

describe("foreign services", () => {
  it("groups what Wharf did not create: stacks by namespace first, then lone services, by name", () => {
    expect(groupForeign(status, NONE).map((g) => [g.kind, g.name, g.services.map((s) => s.name)])).toEqual([
      ["stack", "shop", ["shop_web", "shop_db"]],
      ["service", "alpha", ["alpha"]],
      ["service", "hello", ["hello"]],
    ]);
  });

  it("picks a whole stack, or a lone service; never a stack's service alone, never Wharf's own", () => {
    expect(pickForeign(status, NONE, "stack", "shop").map((s) => s.name)).toEqual(["shop_web", "shop_db"]);
    expect(pickForeign(status, NONE, "service", "hello").map((s) => s.name)).toEqual(["hello"]);
    expect(pickForeign(status, NONE, "service", "shop_web")).toEqual([]);
    expect(pickForeign(status, NONE, "stack", "mine")).toEqual([]);
  });

  it("leaves out what an application already claims: an adopted service before its deployment labels it", () => {
    const claimed = new Set(["hello", "shop_db"]);
    expect(groupForeign(status, claimed).map((g) => [g.name, g.services.map((s) => s.name)])).toEqual([
      ["shop", ["shop_web"]],
      ["alpha", ["alpha"]],
    ]);
    expect(pickForeign(status, claimed, "service", "hello")).toEqual([]);
    expect(pickForeign(status, claimed, "stack", "shop").map((s) => s.name)).toEqual(["shop_web"]);
  });
});
