import { describe, expect, it } from "vitest";
import { compileOk } from "./test-helpers";
import { toDataSpecs, toNetworkSpecs, toVolumeSpecs } from "./to-app-specs";

const identity = { appName: "shop", orgSlug: "acme" };
const labels = { "wharf.org": "acme", "wharf.app": "shop", "com.docker.stack.namespace": "shop" };

describe("toNetworkSpecs", () => {
  it("creates the default overlay and declared networks, skipping external ones", () => {
    const { app } = compileOk(
      "services:\n  a:\n    image: x\n  b:\n    image: y\n    networks: [back, ext]\nnetworks:\n  back:\n    internal: true\n    attachable: true\n    labels: [team=core]\n    ipam:\n      config:\n        - subnet: 10.10.0.0/24\n  ext:\n    external: true\n",
    );
    expect(toNetworkSpecs({ app, ...identity })).toEqual([
      {
        Name: "shop_default",
        Driver: "overlay",
        Scope: "swarm",
        Attachable: false,
        Internal: false,
        EnableIPv6: false,
        Options: {},
        Labels: { ...labels, "wharf.network": "default" },
      },
      {
        Name: "shop_back",
        Driver: "overlay",
        Scope: "swarm",
        Attachable: true,
        Internal: true,
        EnableIPv6: false,
        Options: {},
        Labels: { team: "core", ...labels, "wharf.network": "back" },
        IPAM: {
          Driver: undefined,
          Config: [{ Subnet: "10.10.0.0/24", IPRange: undefined, Gateway: undefined, AuxiliaryAddresses: undefined }],
          Options: {},
        },
      },
    ]);
  });

  it("omits the default network when no service uses it", () => {
    const { app } = compileOk("services:\n  a:\n    image: x\n    networks: [n]\nnetworks:\n  n: {}\n");
    expect(toNetworkSpecs({ app, ...identity }).map((n) => n.Name)).toEqual(["shop_n"]);
  });
});

describe("toVolumeSpecs", () => {
  it("creates declared volumes with drivers and options", () => {
    const { app } = compileOk(
      "services:\n  a:\n    image: x\n    volumes: [web:/w, ext:/e]\nvolumes:\n  web:\n    driver: ossfs\n    driver_opts: {bucket: acs-sample, ttl: 60}\n  ext: {external: true}\n  plain:\n",
    );
    expect(toVolumeSpecs({ app, ...identity })).toEqual([
      { Name: "shop_web", Driver: "ossfs", DriverOpts: { bucket: "acs-sample", ttl: "60" }, Labels: { ...labels, "wharf.volume": "web" } },
      { Name: "shop_plain", Driver: "local", DriverOpts: {}, Labels: { ...labels, "wharf.volume": "plain" } },
    ]);
  });
});

describe("toDataSpecs", () => {
  it("encodes secrets from deploy variables and inline configs", () => {
    const { app } = compileOk(
      'services:\n  a:\n    image: x\nsecrets:\n  pw:\n    environment: DB_PASSWORD\n  ext:\n    external: true\nconfigs:\n  conf:\n    content: "héllo"\n',
    );
    const result = toDataSpecs({ app, env: { DB_PASSWORD: "s3cret" }, ...identity });
    expect(result).toEqual({
      secrets: [{ Name: "shop_pw", Labels: labels, Data: "czNjcmV0" }],
      configs: [{ Name: "shop_conf", Labels: labels, Data: "aMOpbGxv" }],
      issues: [],
    });
  });

  it("reports a missing deploy variable at the secret", () => {
    const { app } = compileOk("services:\n  a:\n    image: x\nsecrets:\n  pw:\n    environment: DB_PASSWORD\n");
    const result = toDataSpecs({ app, env: {}, ...identity, locate: () => ({ line: 6, column: 18 }) });
    expect(result.issues).toEqual([
      {
        severity: "error",
        code: "reference",
        path: "secrets.pw.environment",
        line: 6,
        column: 18,
        message: "deploy variable DB_PASSWORD is not set; the secret needs its value",
      },
    ]);
  });
});
