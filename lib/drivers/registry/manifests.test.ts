import { describe, expect, it } from "vitest";
import { parseChallenge, isLoopbackHost, apiHostFor } from "./external-check";
import { imageBlobs, imageChildren, platformName } from "./manifests";

describe("manifests", () => {
  it("lists an index's image platforms and skips attestations", () => {
    const children = imageChildren({
      manifests: [
        { digest: "sha256:a", size: 1, platform: { os: "linux", architecture: "amd64" } },
        { digest: "sha256:b", size: 1, platform: { os: "linux", architecture: "arm", variant: "v7" } },
        {
          digest: "sha256:c",
          size: 1,
          platform: { os: "unknown", architecture: "unknown" },
          annotations: { "vnd.docker.reference.type": "attestation-manifest" },
        },
      ],
    });
    expect(children.map((c) => platformName(c.platform))).toEqual(["linux/amd64", "linux/arm/v7"]);
  });

  it("counts config and layers", () => {
    expect(imageBlobs({ config: { digest: "sha256:c", size: 10 }, layers: [{ digest: "sha256:l", size: 90 }] })).toEqual([
      { digest: "sha256:c", size: 10 },
      { digest: "sha256:l", size: 90 },
    ]);
  });
});

describe("external registry handshake helpers", () => {
  it("parses WWW-Authenticate challenges", () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io"')).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.docker.io/token", service: "registry.docker.io" },
    });
    expect(parseChallenge('Basic realm="Registry"')?.scheme).toBe("basic");
    expect(parseChallenge(null)).toBeNull();
  });

  it("uses plain HTTP only for loopback and maps Docker Hub to its API host", () => {
    expect(isLoopbackHost("127.0.0.1:5000")).toBe(true);
    expect(isLoopbackHost("localhost:5000")).toBe(true);
    expect(isLoopbackHost("10.77.0.1:5000")).toBe(false);
    expect(isLoopbackHost("127.example.com")).toBe(false);
    expect(apiHostFor("docker.io")).toBe("registry-1.docker.io");
    expect(apiHostFor("ghcr.io")).toBe("ghcr.io");
  });
});
