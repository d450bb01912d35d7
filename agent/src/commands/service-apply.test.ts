import { describe, expect, it } from "vitest";
import { encodeRegistryAuth } from "../docker/services-api";
import { failure, fakeContext } from "../testing/fake-context";
import { networkEnsure } from "./network-ensure";
import { serviceApply } from "./service-apply";
import { ensureSwarmObject } from "./swarm-object-ensure";
import { toErrorPayload } from "./to-error-payload";

const LABELS = { "wharf.app": "shop", "wharf.service": "web" };

function webSpec(image = "shop/web:1", replicas = 2): Record<string, unknown> {
  return {
    Name: "shop_web",
    Labels: LABELS,
    TaskTemplate: {
      ContainerSpec: { Image: image, Secrets: [{ File: { Name: "pw", UID: "0", GID: "0", Mode: 0o444 }, SecretName: "shop_pw" }] },
      Resources: { Limits: {}, Reservations: {} },
      Placement: { Constraints: [], Preferences: [] },
      Networks: [{ Target: "shop_default", Aliases: ["web"] }],
    },
    Mode: { Replicated: { Replicas: replicas } },
    UpdateConfig: { Parallelism: 1, Delay: 0, FailureAction: "pause", Monitor: 5e9, MaxFailureRatio: 0, Order: "stop-first" },
    EndpointSpec: { Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 3000, PublishMode: "host" }] },
  };
}

const apply = (
  spec: Record<string, unknown>,
  extra: { forceUpdate?: boolean; pullLatest?: boolean; registryAuth?: { username: string; password: string; serveraddress: string } } = {},
) => ({
  spec,
  forceUpdate: extra.forceUpdate ?? false,
  pullLatest: extra.pullLatest ?? false,
  registryAuth: extra.registryAuth,
});

async function setup() {
  const fake = fakeContext();
  await networkEnsure({ name: "shop_default", labels: {}, driver: "overlay", attachable: true, options: {} }, fake.context);
  await ensureSwarmObject("secret.ensure")({ name: "shop_pw", dataBase64: "aGk=", labels: {} }, fake.context);
  const { engine } = fake;
  const spec = () =>
    engine.services[0]?.Spec as
      { TaskTemplate: { ForceUpdate: number; ContainerSpec: { Image: string; Secrets: Array<{ SecretID: string }> } } } | undefined;
  const running = () => engine.tasks.filter((t) => t.DesiredState === "running");
  const updates = () => engine.calls.filter((c) => c.startsWith("updateService")).length;
  return { ...fake, spec, running, updates };
}

describe("service.apply", () => {
  it("creates a missing service with the secret's ID filled in and the spec's labels kept", async () => {
    const { context, engine, spec, running } = await setup();
    const result = await serviceApply(apply(webSpec()), context);
    expect(result).toEqual({ id: "svc-3", version: 10, created: true, updated: false, warnings: [] });
    expect(spec()?.TaskTemplate.ContainerSpec.Secrets[0]?.SecretID).toBe("secret-2");
    expect(engine.services[0]?.Spec.Labels).toEqual(LABELS);
    expect(running()).toHaveLength(2);
  });

  it("a repeat of the same spec writes nothing, although the engine stores it normalised", async () => {
    const { context, engine, updates } = await setup();
    const created = await serviceApply(apply(webSpec()), context);
    // the fake stores network IDs, ForceUpdate 0, Runtime, Isolation and no empty Placement lists, like Docker
    expect(engine.services[0]?.Spec).toMatchObject({
      TaskTemplate: { ForceUpdate: 0, Runtime: "container", Networks: [{ Target: "net-1" }], Placement: {} },
    });
    const again = await serviceApply(apply(webSpec()), context);
    expect(again).toEqual({ id: created.id, version: created.version, created: false, updated: false, warnings: [] });
    expect(updates()).toBe(0);
  });

  it("updates to exactly the new spec on the current version, and tasks roll over", async () => {
    const { context, spec, running, updates } = await setup();
    await serviceApply(apply(webSpec()), context);
    const before = running().map((t) => t.ID);
    const result = await serviceApply(apply(webSpec("shop/web:2", 3)), context);
    expect(result).toMatchObject({ created: false, updated: true, version: 11 });
    expect(spec()?.TaskTemplate.ContainerSpec.Image).toBe("shop/web:2");
    expect(running()).toHaveLength(3);
    expect(running().some((t) => before.includes(t.ID))).toBe(false);
    expect(updates()).toBe(1);
  });

  it("keeps the task template the swarm holds when ours means the same: labelling and scaling a service made by other hands restarts nothing", async () => {
    const { context, engine, running, spec } = await setup();
    // as `docker service create` writes it: Init false, an empty DNSConfig, a restart policy spelled out
    const byCli = webSpec();
    const cliTask = structuredClone(byCli.TaskTemplate) as Record<string, unknown>;
    const secrets = [{ File: { Name: "pw", UID: "0", GID: "0", Mode: 0o444 }, SecretID: "secret-2", SecretName: "shop_pw" }];
    cliTask.ContainerSpec = { ...(cliTask.ContainerSpec as Record<string, unknown>), Init: false, DNSConfig: {}, Secrets: secrets };
    await context.docker.createService({ spec: { ...byCli, Labels: {}, TaskTemplate: cliTask } });
    const before = running().map((t) => t.ID);
    const result = await serviceApply(apply(webSpec("shop/web:1", 3)), context);
    expect(result.updated).toBe(true);
    expect(engine.services[0]?.Spec.Labels).toEqual(LABELS);
    expect(running()).toHaveLength(3);
    expect(running().filter((t) => before.includes(t.ID))).toHaveLength(2);
    expect(spec()?.TaskTemplate).toMatchObject({ ContainerSpec: { Init: false, DNSConfig: {} } });
  });

  it("forceUpdate bumps the counter each time; a plain apply keeps it (a changed counter restarts every task)", async () => {
    const { context, spec, running } = await setup();
    await serviceApply(apply(webSpec()), context);
    await serviceApply(apply(webSpec(), { forceUpdate: true }), context);
    expect(spec()?.TaskTemplate.ForceUpdate).toBe(1);
    const afterFirst = running().map((t) => t.ID);
    expect((await serviceApply(apply(webSpec(), { forceUpdate: true }), context)).updated).toBe(true);
    expect(spec()?.TaskTemplate.ForceUpdate).toBe(2);
    expect(running().some((t) => afterFirst.includes(t.ID))).toBe(false);
    // the control plane's spec has no ForceUpdate: the stored 2 stays, nothing restarts
    const stable = running().map((t) => t.ID);
    expect((await serviceApply(apply(webSpec()), context)).updated).toBe(false);
    expect((await serviceApply(apply(webSpec("shop/web:1", 4)), context)).updated).toBe(true);
    expect(spec()?.TaskTemplate.ForceUpdate).toBe(2);
    expect(running().filter((t) => stable.includes(t.ID))).toHaveLength(2);
  });

  it("retries 'update out of sequence' on the fresh version, up to 5 attempts", async () => {
    const { context, engine, updates } = await setup();
    await serviceApply(apply(webSpec()), context);
    engine.serviceOutOfSequence = 2;
    expect(await serviceApply(apply(webSpec("shop/web:2")), context)).toMatchObject({ updated: true, version: 13 });
    expect(updates()).toBe(3);
    engine.serviceOutOfSequence = 5;
    await expect(serviceApply(apply(webSpec("shop/web:3")), context)).rejects.toThrow("update out of sequence");
  });

  it("a service created concurrently (409 on create) is updated instead", async () => {
    const { context, engine } = await setup();
    const create = context.docker.createService;
    context.docker.createService = async (options) => {
      context.docker.createService = create;
      await create({
        ...options,
        spec: JSON.parse(JSON.stringify(options.spec).replace("shop/web:1", "shop/web:0")) as Record<string, unknown>,
      });
      return create(options);
    };
    expect(await serviceApply(apply(webSpec()), context)).toMatchObject({ created: false, updated: true });
    expect(engine.services).toHaveLength(1);
  });

  it("sends registry credentials only as X-Registry-Auth, never to the log", async () => {
    const { context, engine, logLines } = await setup();
    const registryAuth = { username: "ci", password: "pa55+/word", serveraddress: "registry.example.com" };
    await serviceApply(apply(webSpec("registry.example.com/shop/web:1"), { registryAuth }), context);
    await serviceApply(apply(webSpec("registry.example.com/shop/web:2"), { registryAuth }), context);
    expect(engine.registryAuths).toEqual([encodeRegistryAuth(registryAuth), encodeRegistryAuth(registryAuth)]);
    expect(JSON.parse(Buffer.from(engine.registryAuths[0] ?? "", "base64url").toString())).toEqual(registryAuth);
    const logs = logLines.join("\n");
    expect(logs).toContain('"withRegistryAuth":true');
    expect(logs).not.toContain("pa55");
    expect(logs).not.toContain(engine.registryAuths[0]);
  });

  it("pullLatest pins a registry image to the digest its tag has now; later applies keep the pin", async () => {
    const { context, engine, spec, updates } = await setup();
    const image = "10.77.0.1:5000/shop/web:1";
    engine.registryDigests[image] = `sha256:${"a".repeat(64)}`;
    await serviceApply(apply(webSpec(image)), context);
    const pinned = await serviceApply(apply(webSpec(image), { pullLatest: true }), context);
    expect(pinned.updated).toBe(true);
    expect(spec()?.TaskTemplate.ContainerSpec.Image).toBe(`${image}@sha256:${"a".repeat(64)}`);
    // same tag without pullLatest: nothing to do (no surprise roll-out of a newer digest)
    expect((await serviceApply(apply(webSpec(image)), context)).updated).toBe(false);
    // the tag did not move: nothing to do either
    expect((await serviceApply(apply(webSpec(image), { pullLatest: true }), context)).updated).toBe(false);
    engine.registryDigests[image] = `sha256:${"b".repeat(64)}`;
    expect((await serviceApply(apply(webSpec(image), { pullLatest: true }), context)).updated).toBe(true);
    expect(spec()?.TaskTemplate.ContainerSpec.Image).toBe(`${image}@sha256:${"b".repeat(64)}`);
    expect(updates()).toBe(2);
    expect(engine.calls.filter((c) => c.startsWith("resolveImageDigest"))).toEqual(Array(3).fill(`resolveImageDigest:${image}`));
  });

  it("pullLatest never asks Docker Hub: local and Hub images are left as they are, with a warning", async () => {
    const { context, engine } = await setup();
    await serviceApply(apply(webSpec("wharf-test/node-app:1")), context);
    for (const image of ["wharf-test/node-app:1", "docker.io/library/nginx:1.27"]) {
      const result = await serviceApply(apply(webSpec(image), { pullLatest: true }), context);
      expect(result.warnings).toEqual([expect.stringContaining(`pullLatest: ${image} names no registry`)]);
    }
    expect(engine.calls.filter((c) => c.startsWith("resolveImageDigest"))).toEqual([]);
  });

  it("a registry that cannot answer the digest fails with REGISTRY_ERROR", async () => {
    const { context } = await setup();
    const error = await failure(serviceApply(apply(webSpec("registry.example.com/shop/web:9"), { pullLatest: true }), context));
    expect(error).toMatchObject({ code: "REGISTRY_ERROR", message: expect.stringContaining("registry.example.com") });
  });

  it("a secret that does not exist is NOT_FOUND; a worker is NOT_A_MANAGER", async () => {
    const { context, engine } = await setup();
    engine.secrets = [];
    expect(await failure(serviceApply(apply(webSpec()), context))).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining('secret "shop_pw"'),
    });
    const worker = fakeContext({ manager: false });
    const spec = { Name: "x", TaskTemplate: { ContainerSpec: { Image: "a:1" } } };
    expect(toErrorPayload(await failure(serviceApply(apply(spec), worker.context))).code).toBe("NOT_A_MANAGER");
  });
});
