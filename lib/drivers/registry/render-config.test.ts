import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderRegistryConfig } from "./render-config";

const options = {
  dataDir: "/var/lib/wharf/registry data",
  socketPath: "/run/wharf/registry.sock",
  uploadStateSecret: 'u"p',
  realm: "http://10.77.0.1:3000/api/registry/token",
  service: "wharf-registry",
  issuer: "wharf",
  certFile: "/etc/wharf/token.crt",
  notifyUrl: "http://127.0.0.1:3000/api/registry/events",
  notificationSecret: "n0tify",
};

describe("registry config", () => {
  it("configures token auth, deletes, notifications and the socket", () => {
    const config = parse(renderRegistryConfig({ ...options, readOnly: false }));
    expect(config.auth.token).toEqual({
      realm: options.realm,
      service: "wharf-registry",
      issuer: "wharf",
      rootcertbundle: options.certFile,
    });
    expect(config.storage.delete.enabled).toBe(true);
    expect(config.storage.filesystem.rootdirectory).toBe(options.dataDir);
    expect(config.storage.maintenance.readonly.enabled).toBe(false);
    expect(config.http).toMatchObject({ net: "unix", addr: options.socketPath, secret: 'u"p' });
    const [endpoint] = config.notifications.endpoints;
    expect(endpoint).toMatchObject({
      url: options.notifyUrl,
      headers: { Authorization: ["Bearer n0tify"] },
      ignoredmediatypes: ["application/octet-stream"],
      ignore: { actions: ["pull"] },
    });
  });

  it("has a read-only variant for garbage collection", () => {
    const config = parse(renderRegistryConfig({ ...options, readOnly: true }));
    expect(config.storage.maintenance.readonly.enabled).toBe(true);
    expect(config.storage.maintenance.uploadpurging.enabled).toBe(false);
  });
});
