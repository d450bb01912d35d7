import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadCompose } from "./index";
import { composeFromSwarm, composeKey, durationText } from "./from-swarm-spec";
import { taskDifferences } from "./task-differences";

const S = 1e9;

/** A service as `docker service create` leaves it (CLI defaults included), on a network named by id. */
const created = {
  Name: "hello",
  Labels: { team: "web" },
  TaskTemplate: {
    ContainerSpec: {
      Image: "127.0.0.1:5000/acme/hello:1@sha256:" + "a".repeat(64),
      Labels: { "com.example.tier": "front" },
      Args: ["serve", "--port", "8080"],
      Env: ["MODE=prod", "EMPTY=", "PRICE=$5 ${NOT_A_VARIABLE}"],
      Init: false,
      StopGracePeriod: 10 * S,
      DNSConfig: {},
      Isolation: "default",
      Mounts: [
        { Type: "volume", Source: "hello-data", Target: "/data" },
        { Type: "tmpfs", Target: "/cache", TmpfsOptions: { SizeBytes: 64 * 1024 * 1024 } },
      ],
      // the engine's spelling (the compiler writes HealthCheck; Go reads JSON keys case-insensitively)
      Healthcheck: { Test: ["CMD-SHELL", "wget -q -O- localhost:8080"], Interval: 2 * S, Timeout: 1500 * 1e6, Retries: 3 },
      Hosts: ["10.0.0.9 db.internal"],
      Secrets: [{ File: { Name: "api-key", UID: "0", GID: "0", Mode: 0o400 }, SecretID: "s3cr3tid", SecretName: "hello-api-key" }],
    },
    Resources: { Limits: { NanoCPUs: 0.5 * S, MemoryBytes: 256 * 1024 * 1024 }, Reservations: {} },
    RestartPolicy: { Condition: "any", Delay: 5 * S, MaxAttempts: 0 },
    Placement: { Constraints: ["node.role==worker"] },
    Networks: [{ Target: "k3d9netid0000000000000000" }],
    ForceUpdate: 2,
    Runtime: "container",
  },
  Mode: { Replicated: { Replicas: 2 } },
  UpdateConfig: { Parallelism: 1, FailureAction: "pause", Monitor: 5 * S, MaxFailureRatio: 0, Order: "stop-first" },
  RollbackConfig: { Parallelism: 1, FailureAction: "pause", Monitor: 5 * S, MaxFailureRatio: 0, Order: "stop-first" },
  EndpointSpec: { Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 8080, PublishedPort: 18080, PublishMode: "host" }] },
};

/** Two services of `docker stack deploy -c … shop`: stack labels, aliases on the stack's network. */
const stack = ["web", "db"].map((key) => ({
  Name: `shop_${key}`,
  Labels: { "com.docker.stack.image": `shop/${key}:1`, "com.docker.stack.namespace": "shop" },
  TaskTemplate: {
    ContainerSpec: {
      Image: `shop/${key}:1`,
      Labels: { "com.docker.stack.namespace": "shop" },
      Privileges: { CredentialSpec: null, SELinuxContext: null },
    },
    Resources: {},
    Placement: {},
    Networks: [{ Target: "shopdefaultnetid0000000000", Aliases: [key] }],
    ForceUpdate: 0,
  },
  Mode: { Replicated: { Replicas: 1 } },
  EndpointSpec: { Mode: "dnsrr" },
}));

const NETWORKS = { k3d9netid0000000000000000: "hello-net", shopdefaultnetid0000000000: "shop_default" };

function adopt(specs: unknown[], appName: string) {
  const { document, keys } = composeFromSwarm(
    specs.map((spec) => ({ spec })),
    NETWORKS,
  );
  const text = stringify(document);
  const loaded = loadCompose({ text, appName, orgSlug: "acme" });
  if (!loaded.ok) throw new Error(`the written template does not compile: ${JSON.stringify(loaded.errors)}\n${text}`);
  const differences = loaded.services.map((service) => {
    const live = specs.find((spec) => (spec as { Name: string }).Name === service.fullName);
    return { service: service.name, swarmName: service.fullName, differences: taskDifferences(live, service.spec, NETWORKS) };
  });
  return { text, keys, loaded, differences };
}

describe("composeFromSwarm", () => {
  it("writes a service made with docker service create so that it compiles back to the same tasks", () => {
    const { differences, loaded, keys, text } = adopt([created], "hello");
    expect(keys).toEqual({ hello: "hello" });
    expect(differences).toEqual([{ service: "hello", swarmName: "hello", differences: [] }]);
    const [service] = loaded.services;
    // taking it over adds Wharf's labels to the service only, never to its containers
    expect(service?.spec.Labels).toMatchObject({ team: "web", "wharf.app": "hello", "wharf.org": "acme" });
    expect(service?.spec.TaskTemplate.ContainerSpec.Labels).toEqual({ "com.example.tier": "front" });
    expect(text).toContain("wharf.adopted: hello");
    expect(text).toMatch(/hello-net:\n\s+external: true/);
  });

  it("writes a stack's services under their compose keys, with their aliases and stack labels", () => {
    const { differences, keys, loaded } = adopt(stack, "shop");
    expect(keys).toEqual({ web: "shop_web", db: "shop_db" });
    expect(differences.map((d) => [d.swarmName, d.differences])).toEqual([
      ["shop_db", []],
      ["shop_web", []],
    ]);
    expect(loaded.services.map((s) => s.spec.TaskTemplate.Networks)).toEqual([
      [{ Target: "shop_default", Aliases: ["db"] }],
      [{ Target: "shop_default", Aliases: ["web"] }],
    ]);
    // the stack's network is the stack's, not one the application creates
    expect(loaded.networks).toEqual([]);
  });

  it("keeps a service without networks without any (the compiler would otherwise attach the app's default one)", () => {
    const bare = { ...created, TaskTemplate: { ...created.TaskTemplate, Networks: undefined } };
    expect(adopt([bare], "hello").differences[0]?.differences).toEqual([]);
  });

  it("names what compose cannot say, so the adoption can refuse it instead of restarting tasks", () => {
    const vip = {
      ...created,
      TaskTemplate: {
        ...created.TaskTemplate,
        ContainerSpec: { ...created.TaskTemplate.ContainerSpec, Privileges: { NoNewPrivileges: true } },
      },
      EndpointSpec: { Mode: "vip", Ports: [{ Protocol: "tcp", TargetPort: 8080, PublishedPort: 18080, PublishMode: "ingress" }] },
    };
    const paths = adopt([vip], "hello").differences[0]?.differences.map((d) => d.path);
    expect(paths).toEqual(["TaskTemplate.ContainerSpec.Privileges", "EndpointSpec.Mode", "EndpointSpec.Ports"]);
  });

  it("finds a change in the tasks the compiled spec would make", () => {
    const { loaded } = adopt([created], "hello");
    const spec = structuredClone(loaded.services[0]?.spec);
    if (!spec) throw new Error("no service");
    spec.TaskTemplate.ContainerSpec.Env = ["MODE=dev"];
    expect(taskDifferences(created, spec, NETWORKS)).toEqual([
      { path: "TaskTemplate.ContainerSpec.Env", live: created.TaskTemplate.ContainerSpec.Env, compiled: ["MODE=dev"] },
    ]);
    // replicas are not a task change
    expect(taskDifferences({ ...created, Mode: { Replicated: { Replicas: 5 } } }, loaded.services[0]?.spec, NETWORKS)).toEqual([]);
  });
});

describe("wharf.adopted", () => {
  it("must name a Swarm service", () => {
    const loaded = loadCompose({
      text: 'services:\n  web:\n    image: busybox:1\n    deploy:\n      labels:\n        wharf.adopted: "not a name!"\n',
      appName: "hello",
      orgSlug: "acme",
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors[0]?.message).toMatch(/wharf.adopted: "not a name!" is not a Swarm service name/);
  });
});

describe("helpers", () => {
  it("writes exact durations and valid keys", () => {
    expect([durationText(10 * S), durationText(1500 * 1e6), durationText(90 * S), durationText(7)]).toEqual([
      "10s",
      "1500ms",
      "90s",
      "7ns",
    ]);
    expect(composeKey("shop_web", { "com.docker.stack.namespace": "shop" })).toBe("web");
    expect(composeKey("My_Service.v2", {})).toBe("my-service-v2");
  });
});
