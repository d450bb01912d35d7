import { describe, expect, it } from "vitest";
import { toErrorPayload } from "./to-error-payload";
import { failure, fakeContext } from "../testing/fake-context";
import { networkEnsure } from "./network-ensure";
import { networkRemove } from "./network-remove";

const payload = { name: "shop_default", labels: { "wharf.app": "shop" }, driver: "overlay", attachable: true, options: {} };

describe("network.ensure", () => {
  it("creates the network once; a repeat answers the same id", async () => {
    const { context, engine } = fakeContext();
    const first = await networkEnsure(payload, context);
    const second = await networkEnsure(payload, context);
    expect(first).toEqual({ id: "net-1", created: true });
    expect(second).toEqual({ id: "net-1", created: false });
    expect(engine.calls).toEqual(["createNetwork:shop_default"]);
    expect(engine.networks[0]).toMatchObject({
      Name: "shop_default",
      Driver: "overlay",
      Scope: "swarm",
      Attachable: true,
      Labels: { "wharf.app": "shop" },
    });
  });

  it("matches the exact name, not a network whose name merely contains it", async () => {
    const { context, engine } = fakeContext();
    await networkEnsure({ ...payload, name: "shop_default_2" }, context);
    expect(await networkEnsure(payload, context)).toEqual({ id: "net-2", created: true });
    expect(engine.networks.map((n) => n.Name)).toEqual(["shop_default_2", "shop_default"]);
  });

  it("takes a network created concurrently (409) as success", async () => {
    const { context, engine } = fakeContext();
    const realCreate = context.docker.createNetwork;
    // another delivery creates it between our lookup and our create
    context.docker.createNetwork = async (options) => {
      context.docker.createNetwork = realCreate;
      await realCreate(options);
      return realCreate(options);
    };
    expect(await networkEnsure(payload, context)).toEqual({ id: "net-1", created: false });
    expect(engine.networks).toHaveLength(1);
  });

  it("refuses a same-named network of another driver", async () => {
    const { context } = fakeContext();
    // made outside Wharf: network.ensure itself only creates overlays
    await context.docker.createNetwork({ ...payload, driver: "bridge" });
    const error = await failure(networkEnsure(payload, context));
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("driver bridge, not overlay") });
  });

  it("on a worker, fails with NOT_A_MANAGER", async () => {
    const { context } = fakeContext({ manager: false });
    expect(toErrorPayload(await failure(networkEnsure(payload, context))).code).toBe("NOT_A_MANAGER");
  });
});

describe("network.remove", () => {
  it("removes, then answers removed: false", async () => {
    const { context, engine } = fakeContext();
    await networkEnsure(payload, context);
    expect(await networkRemove({ name: "shop_default" }, context)).toEqual({ removed: true });
    expect(await networkRemove({ name: "shop_default" }, context)).toEqual({ removed: false });
    expect(engine.networks).toEqual([]);
  });

  it("fails with IN_USE and Docker's explanation while a service uses it", async () => {
    const { context, engine } = fakeContext();
    const { id } = await networkEnsure(payload, context);
    engine.services.push({
      ID: "svc-9",
      Version: { Index: 1 },
      Spec: { Name: "shop_web", TaskTemplate: { Networks: [{ Target: id }] } },
      UpdateStatus: null,
    });
    const error = await failure(networkRemove({ name: "shop_default" }, context));
    expect(error).toMatchObject({ code: "IN_USE", message: expect.stringContaining("is in use by service shop_web") });
    expect(engine.networks).toHaveLength(1);
  });

  it("a network that vanishes during the removal counts as already gone", async () => {
    const { context } = fakeContext();
    await networkEnsure(payload, context);
    // the manager lists a swarm network twice (cluster and local copy): removed once, not twice
    const list = context.docker.listNetworks;
    context.docker.listNetworks = async (options) => {
      const found = await list(options);
      return [...found, ...found];
    };
    expect(await networkRemove({ name: "shop_default" }, context)).toEqual({ removed: true });
  });
});
