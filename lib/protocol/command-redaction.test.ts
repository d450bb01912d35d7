import { describe, expect, it } from "vitest";
import {
  redactCommandPayload,
  redactCommandResult,
  redactServiceSpec,
  storedPayloadIsWhole,
  storedResultIsWhole,
} from "./command-redaction";
import { COMMANDS } from "./commands";

const SECRET = "s3cr3t-value-0042";

const spec = {
  Name: "shop_web",
  Labels: { "wharf.app": "shop" },
  TaskTemplate: {
    ContainerSpec: {
      Image: "registry/shop/web:1",
      Env: [`DB_PASSWORD=${SECRET}`, "EMPTY=", "BARE", `URL=postgres://u:${SECRET}@db/x`],
      Mounts: [
        {
          Type: "volume",
          Source: "data",
          Target: "/data",
          VolumeOptions: { DriverConfig: { Name: "local", Options: { type: "cifs", o: `username=u,password=${SECRET}` } } },
        },
        { Type: "bind", Source: "/srv", Target: "/srv" },
      ],
      Secrets: [{ SecretName: "shop_token_abc", File: { Name: "token", UID: "0", GID: "0", Mode: 292 } }],
    },
  },
};

describe("finding 5a: commands are stored without secrets", () => {
  it("service.apply: environment values, volume driver options and registry credentials are redacted; names stay", () => {
    const stored = redactCommandPayload("service.apply", {
      spec,
      registryAuth: { username: "u", password: SECRET, serveraddress: "r" },
      forceUpdate: false,
      pullLatest: false,
    });
    const text = JSON.stringify(stored);
    expect(text).not.toContain(SECRET);
    expect(stored).toMatchObject({
      registryAuth: "[redacted]",
      spec: {
        Name: "shop_web",
        TaskTemplate: {
          ContainerSpec: {
            Env: ["DB_PASSWORD=[redacted]", "EMPTY=[redacted]", "BARE=[redacted]", "URL=[redacted]"],
            Image: "registry/shop/web:1",
          },
        },
      },
    });
    expect(text).toContain("shop_token_abc");
    expect(text).toContain("/srv");
  });

  it("services.status: stored as a summary without the swarm's specs", () => {
    const result = {
      services: [
        {
          id: "s1",
          name: "shop_web",
          labels: {},
          image: "img",
          mode: "replicated",
          replicas: 2,
          runningTasks: 2,
          desiredTasks: 2,
          version: 3,
          updateStatus: null,
          spec,
        },
      ],
      tasks: [{ state: "running" }, { state: "running" }, { state: "failed" }],
    };
    const stored = redactCommandResult("services.status", result);
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    expect(stored).toEqual({
      services: [{ name: "shop_web", image: "img", mode: "replicated", replicas: 2, runningTasks: 2, desiredTasks: 2, updateStatus: null }],
      tasks: { total: 3, byState: { running: 2, failed: 1 } },
    });
    expect(redactCommandResult("services.status", stored), "redacting again (on read) changes nothing").toEqual(stored);
  });

  it("join tokens, secret and config data are redacted in payloads and results", () => {
    const tokens = { worker: `SWMTKN-1-${SECRET}`, manager: `SWMTKN-1-${SECRET}-m` };
    const samples: Array<[string, "payload" | "result", unknown]> = [
      ["swarm.join", "payload", { remoteAddrs: ["10.0.0.1:2377"], joinToken: tokens.worker }],
      ["secret.ensure", "payload", { name: "x", dataBase64: Buffer.from(SECRET).toString("base64"), labels: {} }],
      ["config.ensure", "payload", { name: "x", dataBase64: Buffer.from(SECRET).toString("base64"), labels: {} }],
      ["swarm.init", "result", { swarmId: "s", nodeId: "n", managerAddr: "a", joinTokens: tokens }],
      ["swarm.inspect", "result", { swarmId: "s", managerAddr: "a", joinTokens: tokens, nodes: [] }],
    ];
    for (const [type, part, value] of samples) {
      const stored = part === "payload" ? redactCommandPayload(type, value) : redactCommandResult(type, value);
      expect(JSON.stringify(stored), type).not.toContain(SECRET);
      expect(JSON.stringify(stored), type).not.toContain(Buffer.from(SECRET).toString("base64"));
    }
  });

  it("haproxy.listener.ensure: certificate private keys are redacted, the certificates and the rest of the listener kept", () => {
    const cert = "-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n";
    const keys = [
      `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n`,
      `-----BEGIN RSA PRIVATE KEY-----\n${SECRET}\n-----END RSA PRIVATE KEY-----\n`,
      `-----BEGIN EC PRIVATE KEY-----\n${SECRET}`, // unterminated
    ];
    const payload = {
      lbId: "lb1",
      settings: { bindAddress: "0.0.0.0", httpPort: 80, httpsPort: 443 },
      listener: {
        port: 443,
        protocol: "https",
        stickySessions: false,
        routes: [{ name: "r", hosts: ["a.example.com"], pathPrefix: "/", stickySessions: false }],
        certificates: keys.map((key, i) => ({ name: `c${i}`, pem: cert + key })),
      },
    };
    const stored = redactCommandPayload("haproxy.listener.ensure", payload) as typeof payload;
    const text = JSON.stringify(stored);
    expect(text).not.toContain(SECRET);
    expect(stored.listener.certificates.map((c) => c.pem.trimEnd())).toEqual(keys.map(() => `${cert}[redacted] private key`));
    expect(stored.listener.routes).toEqual(payload.listener.routes);
    expect(payload.listener.certificates[0]?.pem, "the payload sent to the agent is untouched").toContain(SECRET);
    expect(storedPayloadIsWhole("haproxy.listener.ensure")).toBe(false);
    expect(storedPayloadIsWhole("haproxy.backends.set")).toBe(true);
  });

  it("commands whose stored form is redacted are never replayed from the database or reused as results", () => {
    for (const type of ["swarm.join", "secret.ensure", "config.ensure", "service.apply"])
      expect(storedPayloadIsWhole(type), type).toBe(false);
    for (const type of ["swarm.init", "swarm.inspect", "services.status"]) expect(storedResultIsWhole(type), type).toBe(false);
    expect(storedPayloadIsWhole("swarm.leave")).toBe(true);
    expect(storedResultIsWhole("swarm.leave")).toBe(true);
  });

  it("other commands are stored as they are, and every command type is known", () => {
    expect(redactCommandPayload("node.update", { swarmNodeId: "x", labels: { a: "b" } })).toEqual({ swarmNodeId: "x", labels: { a: "b" } });
    expect(redactCommandResult("service.apply", { id: "x", version: 1 })).toEqual({ id: "x", version: 1 });
    expect(redactCommandResult("swarm.init", undefined)).toBeUndefined();
    expect(Object.keys(COMMANDS).length).toBeGreaterThan(15);
  });

  it("leaves a spec without a container spec alone", () => {
    expect(redactServiceSpec({ Name: "x" })).toEqual({ Name: "x" });
    expect(redactServiceSpec(null)).toBeNull();
  });
});
