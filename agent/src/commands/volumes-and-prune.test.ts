import { describe, expect, it } from "vitest";
import { failure, fakeContext } from "../testing/fake-context";
import { appPrune } from "./app-prune";
import { networkEnsure } from "./network-ensure";
import { ensureSwarmObject } from "./swarm-object-ensure";
import { volumesRemove } from "./volumes-remove";

const APP = { "wharf.app": "shop" };

describe("volumes.remove", () => {
  it("removes the volumes carrying all the labels, reports the ones in use, and finds nothing on repeat", async () => {
    const { context, engine } = fakeContext({ manager: false }); // runs on workers too
    engine.volumes.push(
      { Name: "shop_data", Labels: { ...APP, "wharf.volume": "data" } },
      { Name: "shop_cache", Labels: { ...APP }, inUseBy: "c0ffee" },
      { Name: "blog_data", Labels: { "wharf.app": "blog" } },
      { Name: "shop_partial", Labels: { "wharf.volume": "data" } },
    );
    expect(await volumesRemove({ labels: APP }, context)).toEqual({
      removed: ["shop_data"],
      failed: [{ name: "shop_cache", error: "remove shop_cache: volume is in use - [c0ffee]" }],
    });
    const cache = engine.volumes.find((v) => v.Name === "shop_cache");
    if (cache) delete cache.inUseBy;
    expect(await volumesRemove({ labels: APP }, context)).toEqual({ removed: ["shop_cache"], failed: [] });
    expect(await volumesRemove({ labels: APP }, context)).toEqual({ removed: [], failed: [] });
    expect(engine.volumes.map((v) => v.Name)).toEqual(["blog_data", "shop_partial"]);
  });

  it("refuses an empty label set, which would select every volume of the machine", async () => {
    const { context, engine } = fakeContext();
    engine.volumes.push({ Name: "precious", Labels: {} });
    expect(await failure(volumesRemove({ labels: {} }, context))).toMatchObject({ code: "INVALID_PAYLOAD" });
    expect(engine.volumes).toHaveLength(1);
  });
});

describe("app.prune", () => {
  it("removes the app's secrets, configs and networks except the ones to keep; a repeat removes nothing", async () => {
    const { context, engine } = fakeContext();
    const secret = ensureSwarmObject("secret.ensure");
    const config = ensureSwarmObject("config.ensure");
    for (const name of ["shop_pw_1", "shop_pw_2"]) await secret({ name, dataBase64: "aGk=", labels: APP }, context);
    await secret({ name: "blog_pw_1", dataBase64: "aGk=", labels: { "wharf.app": "blog" } }, context);
    await config({ name: "shop_conf_1", dataBase64: "aGk=", labels: APP }, context);
    for (const name of ["shop_default", "shop_back"])
      await networkEnsure({ name, labels: APP, driver: "overlay", attachable: true, options: {} }, context);
    const payload = { labels: APP, keep: { secrets: ["shop_pw_2"], configs: [], networks: ["shop_default"] } };
    expect(await appPrune(payload, context)).toEqual({
      removed: { secrets: ["shop_pw_1"], configs: ["shop_conf_1"], networks: ["shop_back"] },
      failed: [],
    });
    expect(await appPrune(payload, context)).toEqual({ removed: { secrets: [], configs: [], networks: [] }, failed: [] });
    expect(engine.secrets.map((s) => s.Spec.Name)).toEqual(["shop_pw_2", "blog_pw_1"]);
    expect(engine.networks.map((n) => n.Name)).toEqual(["shop_default"]);
  });

  it("reports objects still in use and removes the rest", async () => {
    const { context, engine } = fakeContext();
    const { id } = await ensureSwarmObject("secret.ensure")({ name: "shop_pw_1", dataBase64: "aGk=", labels: APP }, context);
    await networkEnsure({ name: "shop_default", labels: APP, driver: "overlay", attachable: true, options: {} }, context);
    engine.services.push({
      ID: "svc-9",
      Version: { Index: 1 },
      Spec: { Name: "shop_web", TaskTemplate: { ContainerSpec: { Secrets: [{ SecretID: id }] } } },
      UpdateStatus: null,
    });
    const result = await appPrune({ labels: APP, keep: { secrets: [], configs: [], networks: [] } }, context);
    expect(result).toEqual({
      removed: { secrets: [], configs: [], networks: ["shop_default"] },
      failed: [{ kind: "secret", name: "shop_pw_1", error: expect.stringContaining("in use by the following service: shop_web") }],
    });
  });

  it("refuses an empty label set", async () => {
    const { context } = fakeContext();
    expect(await failure(appPrune({ labels: {}, keep: { secrets: [], configs: [], networks: [] } }, context))).toMatchObject({
      code: "INVALID_PAYLOAD",
    });
  });
});
