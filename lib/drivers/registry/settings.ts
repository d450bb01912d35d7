/**
 * The hosted registry's settings, derived from the environment in one place: listen addresses,
 * the address users see, the token realm, file locations and the secrets shared with the
 * registry process (derived from SECRETS_KEY, so there is nothing more to configure or rotate).
 */
import { createHmac } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";

export type RegistrySettings = {
  /** host:port addresses the registry runner listens on. */
  listen: string[];
  /** The address in image names and `docker login`, e.g. "127.0.0.1:5000". */
  publicHost: string;
  /** Every address that names this registry in an image reference. */
  hosts: string[];
  /** Base URL Wharf uses to call the registry API. */
  url: string;
  realm: string;
  notifyUrl: string;
  service: string;
  issuer: string;
  dir: string;
  dataDir: string;
  keyFile: string;
  certFile: string;
  configFile: string;
  /** Unix socket the registry process itself listens on (the runner forwards TCP to it). */
  registrySocket: string;
  /** Unix socket of the runner's maintenance API (garbage collection). */
  controlSocket: string;
  tokenTtlSeconds: number;
  pullCredentialTtlSeconds: number;
};

function derive(label: string): string {
  return createHmac("sha256", Buffer.from(env.SECRETS_KEY, "hex")).update(`wharf-registry:${label}`).digest("base64url");
}

/** The shared secret the registry sends with notifications (Authorization: Bearer …). */
export const notificationSecret = () => derive("notifications");
/** Distribution's http.secret (signs upload state between requests). */
export const uploadStateSecret = () => derive("upload-state");
/** HMAC key of the pull credentials handed to agents. */
export const pullCredentialKey = () => Buffer.from(derive("pull-credentials"), "base64url");

export function registrySettings(): RegistrySettings {
  const listen = env.REGISTRY_LISTEN;
  const first = listen[0] ?? "127.0.0.1:5000";
  const publicHost = env.REGISTRY_PUBLIC_HOST ?? first;
  // Runtime paths from configuration; keep the bundler from tracing the whole project for them.
  const dir = path.resolve(/* turbopackIgnore: true */ process.cwd(), env.REGISTRY_DIR);
  const publicUrl = env.PUBLIC_URL.replace(/\/+$/, "");
  return {
    listen,
    publicHost,
    hosts: [...new Set([publicHost, ...listen, ...listen.map((a) => a.replace(/^127\.0\.0\.1:/, "localhost:"))])],
    url: (env.REGISTRY_URL ?? `http://${first}`).replace(/\/+$/, ""),
    realm: env.REGISTRY_TOKEN_REALM ?? `${publicUrl}/api/registry/token`,
    notifyUrl: env.REGISTRY_NOTIFY_URL ?? `${publicUrl}/api/registry/events`,
    service: env.REGISTRY_SERVICE,
    issuer: env.REGISTRY_ISSUER,
    dir,
    dataDir: path.resolve(/* turbopackIgnore: true */ process.cwd(), env.REGISTRY_DATA_DIR ?? path.join(dir, "data")),
    keyFile: path.join(dir, "token.key"),
    certFile: path.join(dir, "token.crt"),
    configFile: path.join(dir, "config.yml"),
    registrySocket: path.join(dir, "registry.sock"),
    controlSocket: path.join(dir, "control.sock"),
    tokenTtlSeconds: env.REGISTRY_TOKEN_TTL_SECONDS,
    pullCredentialTtlSeconds: env.REGISTRY_PULL_CREDENTIAL_TTL_SECONDS,
  };
}
