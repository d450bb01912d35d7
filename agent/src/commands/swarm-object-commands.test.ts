import { describe, expect, it } from "vitest";
import { DockerError } from "../docker/docker-error";
import { failure, fakeContext } from "../testing/fake-context";
import { ensureSwarmObject } from "./swarm-object-ensure";
import { removeSwarmObject } from "./swarm-object-remove";
import { toErrorPayload } from "./to-error-payload";

const SECRET = "correct horse battery staple";
const DATA = Buffer.from(SECRET).toString("base64");
const secretEnsure = ensureSwarmObject("secret.ensure");
const secretRemove = removeSwarmObject("secret.remove");
const configEnsure = ensureSwarmObject("config.ensure");
const configRemove = removeSwarmObject("config.remove");

describe("secret.ensure / config.ensure", () => {
  it("creates once; a repeat is a no-op that never looks at the data", async () => {
    const { context, engine } = fakeContext();
    const first = await secretEnsure({ name: "shop_db_password_3f2a", dataBase64: DATA, labels: { "wharf.app": "shop" } }, context);
    const second = await secretEnsure(
      { name: "shop_db_password_3f2a", dataBase64: Buffer.from("other").toString("base64"), labels: {} },
      context,
    );
    expect(first).toEqual({ id: "secret-1", created: true });
    expect(second).toEqual({ id: "secret-1", created: false });
    expect(engine.secrets).toEqual([
      { ID: "secret-1", Spec: { Name: "shop_db_password_3f2a", Labels: { "wharf.app": "shop" } }, data: DATA },
    ]);
    expect(engine.calls).toEqual(["createSecret:shop_db_password_3f2a"]);
  });

  it("keeps secrets and configs apart", async () => {
    const { context, engine } = fakeContext();
    await secretEnsure({ name: "same", dataBase64: DATA, labels: {} }, context);
    expect(await configEnsure({ name: "same", dataBase64: DATA, labels: {} }, context)).toEqual({ id: "config-2", created: true });
    expect(await configEnsure({ name: "same", dataBase64: DATA, labels: {} }, context)).toEqual({ id: "config-2", created: false });
    expect([engine.secrets.length, engine.configs.length]).toEqual([1, 1]);
  });

  it("takes an object created concurrently (409) as success", async () => {
    const { context } = fakeContext();
    const create = context.docker.createSwarmObject;
    context.docker.createSwarmObject = async (options) => {
      context.docker.createSwarmObject = create;
      await create(options);
      return create(options);
    };
    expect(await secretEnsure({ name: "raced", dataBase64: DATA, labels: {} }, context)).toEqual({ id: "secret-1", created: false });
  });

  it("refuses data that is not base64, without repeating it", async () => {
    const { context } = fakeContext();
    const error = await failure(secretEnsure({ name: "bad", dataBase64: SECRET, labels: {} }, context));
    expect(error).toMatchObject({ code: "INVALID_PAYLOAD", message: "the data of secret bad is not valid base64" });
    expect(error.message).not.toContain(SECRET);
  });

  it("never puts the data into logs or error messages", async () => {
    const { context, logLines } = fakeContext();
    await secretEnsure({ name: "ok", dataBase64: DATA, labels: {} }, context);
    context.docker.createSwarmObject = async ({ name }) => {
      throw new DockerError({ operation: "secret.create", target: name, statusCode: 400, detail: "secret data too large" });
    };
    const error = await failure(secretEnsure({ name: "too-big", dataBase64: DATA, labels: {} }, context));
    const everything = [...logLines, error.message, JSON.stringify(toErrorPayload(error))].join("\n");
    expect(logLines.join("\n")).toContain('"msg":"secret created"');
    expect(everything).not.toContain(DATA);
    expect(everything).not.toContain(SECRET);
  });

  it("on a worker, fails with NOT_A_MANAGER", async () => {
    const { context } = fakeContext({ manager: false });
    expect(toErrorPayload(await failure(secretEnsure({ name: "x", dataBase64: DATA, labels: {} }, context))).code).toBe("NOT_A_MANAGER");
  });
});

describe("secret.remove / config.remove", () => {
  it("removes, then answers removed: false", async () => {
    const { context, engine } = fakeContext();
    await secretEnsure({ name: "s", dataBase64: DATA, labels: {} }, context);
    await configEnsure({ name: "c", dataBase64: DATA, labels: {} }, context);
    expect(await secretRemove({ name: "s" }, context)).toEqual({ removed: true });
    expect(await secretRemove({ name: "s" }, context)).toEqual({ removed: false });
    expect(await configRemove({ name: "s" }, context)).toEqual({ removed: false });
    expect(await configRemove({ name: "c" }, context)).toEqual({ removed: true });
    expect([engine.secrets, engine.configs]).toEqual([[], []]);
  });

  it("fails with IN_USE naming the service that mounts it", async () => {
    const { context, engine } = fakeContext();
    const { id } = await secretEnsure({ name: "s", dataBase64: DATA, labels: {} }, context);
    engine.services.push({
      ID: "svc-9",
      Version: { Index: 1 },
      Spec: { Name: "shop_web", TaskTemplate: { ContainerSpec: { Secrets: [{ SecretID: id, SecretName: "s" }] } } },
      UpdateStatus: null,
    });
    expect(await failure(secretRemove({ name: "s" }, context))).toMatchObject({
      code: "IN_USE",
      message: expect.stringContaining("shop_web"),
    });
  });
});
