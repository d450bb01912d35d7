/**
 * Prepares the registry's directory: the token-signing RSA key and self-signed certificate
 * (generated once with openssl), the data directory and two renderings of config.yml — normal
 * and read-only (used while garbage collection runs).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { envValue } from "@/lib/env";
import { renderRegistryConfig } from "@/lib/drivers/registry/render-config";
import { notificationSecret, registrySettings, uploadStateSecret, type RegistrySettings } from "@/lib/drivers/registry/settings";

export type RegistryFiles = { settings: RegistrySettings; normalConfig: string; readOnlyConfig: string; secrets: string[] };

function ensureSigningKey(s: RegistrySettings): void {
  if (existsSync(s.keyFile) && existsSync(s.certFile)) return;
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      s.keyFile,
      "-out",
      s.certFile,
      "-days",
      "3650",
      "-subj",
      "/CN=wharf-registry-token-signer",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  chmodSync(s.keyFile, 0o600);
}

export function prepareRegistryFiles(): RegistryFiles {
  const settings = registrySettings();
  mkdirSync(settings.dir, { recursive: true, mode: 0o700 });
  mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
  ensureSigningKey(settings);
  const level = envValue("LOG_LEVEL");
  const common = {
    dataDir: settings.dataDir,
    socketPath: settings.registrySocket,
    uploadStateSecret: uploadStateSecret(),
    realm: settings.realm,
    service: settings.service,
    issuer: settings.issuer,
    certFile: settings.certFile,
    notifyUrl: settings.notifyUrl,
    notificationSecret: notificationSecret(),
    // The registry's log is its access and operations log: info unless Wharf's level asks for debug or errors only.
    logLevel:
      level === "debug" || level === "trace"
        ? ("debug" as const)
        : level === "error" || level === "fatal" || level === "silent"
          ? ("error" as const)
          : ("info" as const),
  };
  const readOnlyConfig = path.join(settings.dir, "config-readonly.yml");
  for (const [file, readOnly] of [
    [settings.configFile, false],
    [readOnlyConfig, true],
  ] as const) {
    writeFileSync(file, renderRegistryConfig({ ...common, readOnly }), { mode: 0o600 });
  }
  return { settings, normalConfig: settings.configFile, readOnlyConfig, secrets: [common.notificationSecret, common.uploadStateSecret] };
}
