/**
 * HTTP API v2 client for the hosted registry. Wharf does not go through its own token endpoint:
 * it signs a short token for itself (subject "wharf") with exactly the scope each call needs.
 * Failures become AppErrors an operator can act on (which registry, which call, which status).
 */
import { AppError } from "@/lib/errors";
import { MANIFEST_ACCEPT } from "./manifests";
import { registrySettings } from "./settings";
import { signRegistryToken } from "./token-signer";

/** The token subject of Wharf's own registry calls (deletes it makes are recorded by the API). */
export const SYSTEM_SUBJECT = "wharf";

export type ManifestResponse = { digest: string; mediaType: string; body: unknown; bytes: number };

type RequestOptions = { method?: string; scope: string; accept?: string; okStatuses?: number[] };

async function systemToken(scope: string): Promise<string> {
  const [type, rest] = [scope.slice(0, scope.indexOf(":")), scope.slice(scope.indexOf(":") + 1)];
  const name = rest.slice(0, rest.lastIndexOf(":"));
  const actions = rest.slice(rest.lastIndexOf(":") + 1).split(",");
  return (await signRegistryToken({ subject: SYSTEM_SUBJECT, access: [{ type, name, actions }], ttlSeconds: 60 })).token;
}

async function request(path: string, o: RequestOptions): Promise<Response> {
  const { url } = registrySettings();
  const method = o.method ?? "GET";
  let res: Response;
  try {
    res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await systemToken(o.scope)}`, ...(o.accept ? { accept: o.accept } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("UNAVAILABLE", `The hosted registry is not reachable at ${url} (${method} ${path}: ${(error as Error).message})`);
  }
  if (!res.ok && !(o.okStatuses ?? []).includes(res.status)) {
    const text = await res.text().catch(() => "");
    const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1];
    throw new AppError(
      res.status === 404 ? "NOT_FOUND" : "UPSTREAM_FAILED",
      `The hosted registry answered ${res.status}${code ? ` ${code}` : ""} to ${method} ${path}`,
      { status: res.status, ...(code ? { registryCode: code } : {}) },
    );
  }
  return res;
}

/** Repository paths in the catalog that start with `prefix` (e.g. "acme/"), in order. */
export async function listCatalog(prefix: string): Promise<string[]> {
  const out: string[] = [];
  let last = prefix;
  for (let page = 0; page < 1000; page++) {
    const res = await request(`/v2/_catalog?n=1000&last=${encodeURIComponent(last)}`, { scope: "registry:catalog:*" });
    const names = ((await res.json()) as { repositories?: string[] }).repositories ?? [];
    const mine = names.filter((n) => n.startsWith(prefix));
    out.push(...mine);
    if (names.length < 1000 || mine.length < names.length || !res.headers.get("link")) break;
    last = names.at(-1) ?? last;
  }
  return out;
}

/** Tags of a repository; an unknown repository has none. */
export async function listTags(path: string): Promise<string[]> {
  const res = await request(`/v2/${path}/tags/list`, { scope: `repository:${path}:pull`, okStatuses: [404] });
  if (res.status === 404) return [];
  return ((await res.json()) as { tags?: string[] | null }).tags ?? [];
}

export async function getManifest(path: string, reference: string): Promise<ManifestResponse | null> {
  const res = await request(`/v2/${path}/manifests/${encodeURIComponent(reference)}`, {
    scope: `repository:${path}:pull`,
    accept: MANIFEST_ACCEPT,
    okStatuses: [404],
  });
  if (res.status === 404) return null;
  const text = await res.text();
  return {
    digest: res.headers.get("docker-content-digest") ?? "",
    mediaType: (res.headers.get("content-type") ?? "").split(";")[0] ?? "",
    body: JSON.parse(text) as unknown,
    bytes: Buffer.byteLength(text),
  };
}

export async function getJsonBlob(path: string, digest: string): Promise<unknown> {
  const res = await request(`/v2/${path}/blobs/${digest}`, { scope: `repository:${path}:pull` });
  return res.json() as Promise<unknown>;
}

/** Deletes a manifest by digest: every tag pointing at it goes with it. False if it was gone. */
export async function deleteManifest(path: string, digest: string): Promise<boolean> {
  const res = await request(`/v2/${path}/manifests/${digest}`, { method: "DELETE", scope: `repository:${path}:delete`, okStatuses: [404] });
  return res.status !== 404;
}

/** Whether the registry answers at all (401 without a token counts: it is up). */
export async function pingRegistry(): Promise<boolean> {
  try {
    const res = await fetch(`${registrySettings().url}/v2/`, { signal: AbortSignal.timeout(3000) });
    return res.status === 200 || res.status === 401;
  } catch {
    return false;
  }
}
