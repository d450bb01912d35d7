/**
 * "Test connection" for an external registry: the same handshake a Docker engine does at
 * `docker login` — GET /v2/, follow the WWW-Authenticate challenge (Bearer: fetch a token from
 * the realm with Basic credentials; Basic: send them directly), then GET /v2/ again with them.
 * Plain HTTP only for loopback hosts (as Docker allows); HTTPS otherwise.
 *
 * The host is chosen by a tenant and the realm by whoever answers there, so (issue 9, finding 5c):
 * every request goes through the outbound policy (public addresses only, unless allow-listed; no
 * redirects; a deadline and a size cap), and the stored credentials go to the realm only when it
 * is on the registry's own host and port (Docker Hub's auth.docker.io is the one built-in
 * exception), never over http for an https registry.
 */
import type { Cidr } from "@/lib/drivers/net/address-policy";
import { describeStatus, OutboundError, safeFetch, type SafeResponse } from "@/lib/drivers/net/safe-fetch";

export type ExternalCheckInput = { host: string; username: string; password: string; allow?: readonly Cidr[] };
export type ExternalCheckResult = { ok: boolean; message: string };

const TIMEOUT_MS = 10_000;

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return name === "localhost" || name === "::1" || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** Docker Hub's API lives on registry-1.docker.io whatever name users give it. */
export function apiHostFor(host: string): string {
  return ["docker.io", "index.docker.io", "hub.docker.com"].includes(host) ? "registry-1.docker.io" : host;
}

export function parseChallenge(header: string | null): { scheme: string; params: Record<string, string> } | null {
  if (!header) return null;
  const space = header.indexOf(" ");
  const scheme = (space > 0 ? header.slice(0, space) : header).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) if (m[1]) params[m[1]] = m[2] ?? "";
  return { scheme, params };
}

const MAX_RESPONSE_BYTES = 256 * 1024;

/** Token services that live on another host by design: registry API host → realm host. */
const KNOWN_REALMS: Record<string, string> = { "registry-1.docker.io": "auth.docker.io" };

function get(url: string, o: { authorization?: string; allow?: readonly Cidr[] }): Promise<SafeResponse> {
  return safeFetch({
    url,
    headers: o.authorization ? { authorization: o.authorization } : {},
    timeoutMs: TIMEOUT_MS,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    allow: o.allow,
  });
}

/** "host:port" with the scheme's default port made explicit, for comparing origins. */
function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
}

/** Why the stored credentials must not go to this realm, or null when they may. */
export function realmRefusal(realm: string, registryBase: string): string | null {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return `names a token service that is not a URL (${realm.slice(0, 200)})`;
  }
  const base = new URL(registryBase);
  if (url.protocol !== "http:" && url.protocol !== "https:") return `names a token service that is not http(s) (${url.protocol})`;
  if (base.protocol === "https:" && url.protocol !== "https:")
    return `names a token service over plain http (${url.origin}); credentials are only sent over https`;
  const same = hostPort(url) === hostPort(base);
  const known = KNOWN_REALMS[base.hostname] === url.hostname && url.protocol === "https:";
  if (!same && !known)
    return `names a token service on another host (${url.host}); Wharf sends the stored credentials only to the registry's own host (${base.host})`;
  return null;
}

async function bearerToken(
  realm: string,
  service: string | undefined,
  basic: string,
  allow?: readonly Cidr[],
): Promise<{ token?: string; status: number; error?: string }> {
  const url = new URL(realm);
  if (service) url.searchParams.set("service", service);
  const res = await get(url.toString(), { authorization: basic, allow });
  if (res.status < 200 || res.status >= 300) return { status: res.status, error: describeStatus(res) };
  let body: { token?: string; access_token?: string } = {};
  try {
    body = JSON.parse(res.body.toString("utf8")) as typeof body;
  } catch {
    body = {};
  }
  return { token: body.token ?? body.access_token, status: res.status };
}

export async function checkExternalRegistry({ host, username, password, allow }: ExternalCheckInput): Promise<ExternalCheckResult> {
  const apiHost = apiHostFor(host);
  const base = `${isLoopbackHost(apiHost) ? "http" : "https"}://${apiHost}`;
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  try {
    const first = await get(`${base}/v2/`, { allow });
    if (first.status >= 200 && first.status < 300)
      return { ok: true, message: `${apiHost} answers without credentials; they were not needed to connect` };
    const challenge = parseChallenge(first.headers["www-authenticate"] ?? null);
    if (first.status !== 401 || !challenge)
      return { ok: false, message: `${base}/v2/ ${describeStatus(first)}; this does not look like a Docker registry (v2 API)` };
    let authorization = basic;
    if (challenge.scheme === "bearer") {
      if (!challenge.params.realm) return { ok: false, message: `${apiHost} asked for a bearer token without naming a realm` };
      const refused = realmRefusal(challenge.params.realm, base);
      if (refused) return { ok: false, message: `${apiHost} ${refused}; the credentials were not sent` };
      const t = await bearerToken(challenge.params.realm, challenge.params.service, basic, allow);
      if (t.status === 401 || t.status === 403)
        return { ok: false, message: `${apiHost} refused the credentials (wrong username or password/token)` };
      if (!t.token) return { ok: false, message: `the token service of ${apiHost} ${t.error ?? `answered ${t.status} without a token`}` };
      authorization = `Bearer ${t.token}`;
    }
    const second = await get(`${base}/v2/`, { authorization, allow });
    if (second.status >= 200 && second.status < 300) return { ok: true, message: `Signed in to ${apiHost} as ${username}` };
    if (second.status === 401) return { ok: false, message: `${apiHost} refused the credentials (wrong username or password/token)` };
    return { ok: false, message: `${base}/v2/ ${describeStatus(second)} with the credentials` };
  } catch (error) {
    const why = error instanceof OutboundError ? error.message : (error as Error).message;
    return { ok: false, message: `Cannot reach ${base}/v2/ (${why})` };
  }
}
