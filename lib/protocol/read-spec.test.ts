import { describe, expect, it } from "vitest";
import { readSpec } from "./read-spec";

describe("readSpec", () => {
  it("reads the facts of a spec as Wharf builds it", () => {
    const spec = {
      Name: "shop_web",
      Labels: { "wharf.app": "shop" },
      TaskTemplate: {
        ContainerSpec: {
          Image: "shop/web:1",
          TTY: true,
          Mounts: [
            { Type: "volume", Source: "a", Target: "/a", VolumeOptions: { DriverConfig: { Name: "rexray" } } },
            { Type: "volume", Source: "b", Target: "/b", VolumeOptions: { DriverConfig: { Name: "rexray" } } },
            { Type: "bind", Source: "/srv", Target: "/srv" },
          ],
          Secrets: [{ File: { Name: "k", UID: "0", GID: "0", Mode: 0o400 }, SecretName: "shop_key_1" }],
          Configs: [{ File: { Name: "c", UID: "0", GID: "0", Mode: 0o444 }, ConfigName: "shop_conf_1" }],
        },
        Placement: { Constraints: ["node.role==worker"] },
        Resources: {
          Reservations: {
            NanoCPUs: 500_000_000,
            MemoryBytes: 1024,
            GenericResources: [{ DiscreteResourceSpec: { Kind: "gpu", Value: 2 } }, { DiscreteResourceSpec: { Kind: "fpga", Value: 1 } }],
          },
        },
        ForceUpdate: 4,
      },
      Mode: { Replicated: { Replicas: 3 } },
      EndpointSpec: {
        Ports: [
          { TargetPort: 80, PublishedPort: 8080, Protocol: "tcp" },
          { TargetPort: 53, Protocol: "udp" },
        ],
      },
    };
    expect(readSpec(spec)).toEqual({
      name: "shop_web",
      labels: { "wharf.app": "shop" },
      image: "shop/web:1",
      tty: true,
      mode: "replicated",
      replicas: 3,
      forceUpdate: 4,
      ports: [
        { published: 8080, target: 80, protocol: "tcp" },
        { published: null, target: 53, protocol: "udp" },
      ],
      constraints: ["node.role==worker"],
      reservations: { cpus: 0.5, memoryBytes: 1024, gpus: 2 },
      volumeDrivers: ["rexray"],
      secrets: ["shop_key_1"],
      configs: ["shop_conf_1"],
      healthCheck: null,
      probe: null,
    });
  });

  it("reads every mode, with Docker's default of one replica or completion", () => {
    expect(readSpec({ Mode: { Global: {} } })).toMatchObject({ mode: "global", replicas: null });
    expect(readSpec({ Mode: { GlobalJob: {} } })).toMatchObject({ mode: "global-job", replicas: null });
    expect(readSpec({ Mode: { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 5 } } })).toMatchObject({
      mode: "replicated-job",
      replicas: 5,
    });
    expect(readSpec({ Mode: { ReplicatedJob: {} } })).toMatchObject({ mode: "replicated-job", replicas: 1 });
    expect(readSpec({ Mode: { Replicated: {} } })).toMatchObject({ mode: "replicated", replicas: 1 });
    expect(readSpec({ Mode: { Replicated: { Replicas: 0 } } })).toMatchObject({ mode: "replicated", replicas: 0 });
    expect(readSpec({})).toMatchObject({ mode: "replicated", replicas: 1 });
  });

  it("reads missing or odd fields as defaults", () => {
    const empty = {
      name: "",
      labels: {},
      image: "",
      tty: false,
      mode: "replicated",
      replicas: 1,
      forceUpdate: 0,
      ports: [],
      constraints: [],
      reservations: { cpus: 0, memoryBytes: 0, gpus: 0 },
      volumeDrivers: [],
      secrets: [],
      configs: [],
      healthCheck: null,
      probe: null,
    };
    for (const value of [null, undefined, 7, "spec", [], {}]) expect(readSpec(value)).toEqual(empty);
    expect(
      readSpec({
        Name: 7,
        Labels: { a: 1, b: "2" },
        Mode: "nonsense",
        TaskTemplate: { ContainerSpec: { Image: 3, TTY: "yes" }, ForceUpdate: 1.5, Placement: { Constraints: "x" } },
        EndpointSpec: { Ports: [null, { TargetPort: "80" }] },
      }),
    ).toEqual({
      ...empty,
      labels: { b: "2" },
      ports: [{ published: null, target: 0, protocol: "tcp" }],
    });
  });

  it("reads the agent's URL probe from the container labels, and a label that does not parse as none", () => {
    const withProbe = (value: string) => readSpec({ TaskTemplate: { ContainerSpec: { Labels: { "wharf.probe": value } } } }).probe;
    expect(
      withProbe(
        '{"kind":"http","port":8080,"path":"/ping","intervalSeconds":2,"timeoutSeconds":3,"initialDelaySeconds":10,"failureThreshold":3}',
      ),
    ).toEqual({
      kind: "http",
      port: 8080,
      path: "/ping",
      intervalSeconds: 2,
      timeoutSeconds: 3,
      initialDelaySeconds: 10,
      failureThreshold: 3,
    });
    expect(withProbe('{"kind":"tcp","port":0}')).toBeNull();
    expect(withProbe("nonsense")).toBeNull();
  });
});
