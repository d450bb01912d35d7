import { describe, expect, it } from "vitest";
import { isDockerHubImage, parseImageReference, withoutDigest } from "./image-reference";
import { viewSpec } from "./service-spec-view";

describe("image references", () => {
  it("reads registry, name, tag and digest the way Docker does", () => {
    expect(parseImageReference("10.77.0.1:5000/wharf-test/busybox:1")).toEqual({
      registry: "10.77.0.1:5000",
      name: "10.77.0.1:5000/wharf-test/busybox",
      tag: "1",
      digest: null,
    });
    expect(parseImageReference("localhost/app@sha256:abc")).toEqual({
      registry: "localhost",
      name: "localhost/app",
      tag: null,
      digest: "sha256:abc",
    });
    expect(parseImageReference("registry:5000/app")).toEqual({
      registry: "registry:5000",
      name: "registry:5000/app",
      tag: null,
      digest: null,
    });
    expect(parseImageReference("wharf-test/node-app:1")).toEqual({ registry: null, name: "wharf-test/node-app", tag: "1", digest: null });
    expect(parseImageReference("nginx")).toEqual({ registry: null, name: "nginx", tag: null, digest: null });
  });

  it("knows which images would be looked up on Docker Hub", () => {
    for (const image of [
      "nginx",
      "nginx:1.27",
      "wharf-test/busybox:1",
      "docker.io/library/nginx",
      "index.docker.io/x/y:1",
      "registry-1.docker.io/a/b",
    ])
      expect(isDockerHubImage(image)).toBe(true);
    for (const image of ["10.77.0.1:5000/a:1", "ghcr.io/org/app:2", "localhost/app"]) expect(isDockerHubImage(image)).toBe(false);
    expect(withoutDigest("ghcr.io/a:1@sha256:ff")).toBe("ghcr.io/a:1");
  });
});

describe("spec view", () => {
  it("reads mode, replicas, image, TTY and the force-update counter", () => {
    expect(
      viewSpec({
        Name: "w",
        Labels: { a: "b" },
        TaskTemplate: { ContainerSpec: { Image: "i:1", TTY: true }, ForceUpdate: 3 },
        Mode: { Replicated: { Replicas: 2 } },
      }),
    ).toEqual({
      name: "w",
      labels: { a: "b" },
      image: "i:1",
      tty: true,
      mode: "replicated",
      replicas: 2,
      forceUpdate: 3,
    });
    expect(viewSpec({ Name: "g", Mode: { Global: {} } })).toMatchObject({
      mode: "global",
      replicas: null,
      image: "",
      tty: false,
      forceUpdate: 0,
    });
    expect(viewSpec({ Name: "r", Mode: { Replicated: {} } })).toMatchObject({ mode: "replicated", replicas: 1 });
    expect(viewSpec({ Name: "j", Mode: { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 5 } } })).toMatchObject({
      mode: "replicated",
      replicas: 5,
    });
    expect(viewSpec({ Name: "odd", Mode: "nonsense", TaskTemplate: 7 })).toMatchObject({
      name: "odd",
      mode: "replicated",
      replicas: 1,
      image: "",
    });
  });
});
