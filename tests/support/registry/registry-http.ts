/**
 * Talking to the real hosted registry of the integration stage over HTTP (started by
 * scripts/registry/integration-stack.sh): tokens from the console's token endpoint, raw v2 API
 * calls, and small synthetic images pushed without the docker CLI.
 */
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { testDb } from "../integration/db";
import { waitFor } from "../wait-for";

const first = (list: string | undefined, fallback: string) => (list ?? fallback).split(",")[0] ?? fallback;

/** Loopback address of the registry (what the host's docker CLI uses). */
export const REGISTRY_HOST = first(process.env.REGISTRY_LISTEN, "127.0.0.1:5391");
/** The registry on the runtime bridge, where netns "machines" pull from. */
export const BRIDGE_REGISTRY_HOST =
  (process.env.REGISTRY_LISTEN ?? "").split(",").find((a) => a.startsWith("10.77.0.1:")) ?? "10.77.0.1:5391";
/** The console's registry endpoints over HTTP (loopback side). */
export const CONSOLE_URL = `http://${first(process.env.REGISTRY_CONSOLE_LISTEN, "127.0.0.1:3294")}`;
export const SERVICE = process.env.REGISTRY_SERVICE ?? "wharf-registry";

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;

export type TokenResult = { status: number; token?: string; access: Array<{ type: string; name: string; actions: string[] }> };

/** Asks the token endpoint for the scopes, as `docker` would (Basic credentials). */
export async function requestToken({
  username,
  password,
  scopes,
}: {
  username: string;
  password: string;
  scopes: string[];
}): Promise<TokenResult> {
  const url = new URL(`${CONSOLE_URL}/api/registry/token`);
  url.searchParams.set("service", SERVICE);
  url.searchParams.set("account", username);
  for (const s of scopes) url.searchParams.append("scope", s);
  const res = await fetch(url, { headers: { authorization: basic(username, password) } });
  if (!res.ok) return { status: res.status, access: [] };
  const body = (await res.json()) as { token: string };
  const claims = decodeJwt(body.token) as { access?: TokenResult["access"] };
  return { status: res.status, token: body.token, access: claims.access ?? [] };
}

export async function registryFetch(
  path: string,
  o: { method?: string; token?: string; body?: Buffer | string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const body = typeof o.body === "string" || o.body === undefined ? o.body : new Uint8Array(o.body);
  return fetch(path.startsWith("http") ? path : `http://${REGISTRY_HOST}${path}`, { method: o.method ?? "GET", headers, body });
}

const digestOf = (data: Buffer) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

async function uploadBlob(repository: string, token: string, data: Buffer): Promise<number> {
  const start = await registryFetch(`/v2/${repository}/blobs/uploads/`, { method: "POST", token });
  if (start.status !== 202) return start.status;
  const location = start.headers.get("location") ?? "";
  const url = new URL(location, `http://${REGISTRY_HOST}`);
  url.searchParams.set("digest", digestOf(data));
  const put = await registryFetch(url.toString(), {
    method: "PUT",
    token,
    body: data,
    headers: { "content-type": "application/octet-stream" },
  });
  return put.status;
}

export type PushResult = { status: number; digest?: string; layerBytes: number };

/**
 * Pushes a small image (random layer of `layerBytes`, config, docker v2 manifest) as `tag`.
 * status is 201 on success, else the status of the first refused step.
 */
export async function pushSyntheticImage({
  repository,
  tag,
  token,
  layerBytes = 4096,
  created,
}: {
  repository: string;
  tag: string;
  token: string;
  layerBytes?: number;
  created?: Date;
}): Promise<PushResult> {
  const layer = randomBytes(layerBytes);
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      created: (created ?? new Date()).toISOString(),
      config: {},
      rootfs: { type: "layers", diff_ids: [digestOf(layer)] },
    }),
  );
  for (const blob of [layer, config]) {
    const status = await uploadBlob(repository, token, blob);
    if (status !== 201) return { status, layerBytes };
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: { mediaType: "application/vnd.docker.container.image.v1+json", size: config.length, digest: digestOf(config) },
    layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: layer.length, digest: digestOf(layer) }],
  });
  const put = await registryFetch(`/v2/${repository}/manifests/${tag}`, {
    method: "PUT",
    token,
    body: manifest,
    headers: { "content-type": "application/vnd.docker.distribution.manifest.v2+json" },
  });
  return { status: put.status, digest: put.headers.get("docker-content-digest") ?? undefined, layerBytes };
}

/** Tags an existing manifest again under another tag (same digest). */
export async function retag({
  repository,
  from,
  to,
  token,
}: {
  repository: string;
  from: string;
  to: string;
  token: string;
}): Promise<number> {
  const get = await registryFetch(`/v2/${repository}/manifests/${from}`, {
    token,
    headers: { accept: "application/vnd.docker.distribution.manifest.v2+json" },
  });
  const body = await get.text();
  const put = await registryFetch(`/v2/${repository}/manifests/${to}`, {
    method: "PUT",
    token,
    body,
    headers: { "content-type": "application/vnd.docker.distribution.manifest.v2+json" },
  });
  return put.status;
}

/** A token for the org's owner (API token) with push+pull+delete on one repository. */
export async function ownerToken(ownerApiToken: string, repository: string): Promise<string> {
  const t = await requestToken({ username: "token", password: ownerApiToken, scopes: [`repository:${repository}:pull,push,delete`] });
  if (!t.token) throw new Error(`no owner token for ${repository} (status ${t.status})`);
  return t.token;
}

/** Waits until Wharf recorded the push notification of repository:tag (notifications are asynchronous). */
export async function waitForPushRecorded(repository: string, tag: string, count = 1): Promise<void> {
  await waitFor(
    `push of ${repository}:${tag} recorded`,
    async () => {
      const res = await testDb().query(
        `select count(*)::int as n from "RegistryEvent" e join "Repository" r on r.id = e."repositoryId" where r.path = $1 and e.tag = $2 and e.action = 'push'`,
        [repository, tag],
      );
      return (res.rows[0] as { n: number }).n >= count;
    },
    20_000,
  );
}
