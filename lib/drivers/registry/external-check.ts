/**
 * "Test connection" for an external registry: the same handshake a Docker engine does at
 * `docker login` — GET /v2/, follow the WWW-Authenticate challenge (Bearer: fetch a token from
 * the realm with Basic credentials; Basic: send them directly), then GET /v2/ again with them.
 * Plain HTTP only for loopback hosts (as Docker allows); HTTPS otherwise.
 */
export type ExternalCheckInput = { host: string; username: string; password: string };
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

async function get(url: string, authorization?: string): Promise<Response> {
  return fetch(url, { headers: authorization ? { authorization } : {}, redirect: "follow", signal: AbortSignal.timeout(TIMEOUT_MS) });
}

async function bearerToken(realm: string, service: string | undefined, basic: string): Promise<{ token?: string; status: number }> {
  const url = new URL(realm);
  if (!/^https?:$/.test(url.protocol)) return { status: 0 };
  if (service) url.searchParams.set("service", service);
  const res = await get(url.toString(), basic);
  if (!res.ok) return { status: res.status };
  const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string };
  return { token: body.token ?? body.access_token, status: res.status };
}

export async function checkExternalRegistry({ host, username, password }: ExternalCheckInput): Promise<ExternalCheckResult> {
  const apiHost = apiHostFor(host);
  const base = `${isLoopbackHost(apiHost) ? "http" : "https"}://${apiHost}`;
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  try {
    const first = await get(`${base}/v2/`);
    if (first.ok) return { ok: true, message: `${apiHost} answers without credentials; they were not needed to connect` };
    const challenge = parseChallenge(first.headers.get("www-authenticate"));
    if (first.status !== 401 || !challenge) return { ok: false, message: `${base}/v2/ answered ${first.status}; this does not look like a Docker registry (v2 API)` };
    let authorization = basic;
    if (challenge.scheme === "bearer") {
      if (!challenge.params.realm) return { ok: false, message: `${apiHost} asked for a bearer token without naming a realm` };
      const t = await bearerToken(challenge.params.realm, challenge.params.service, basic);
      if (t.status === 401 || t.status === 403) return { ok: false, message: `${apiHost} refused the credentials (wrong username or password/token)` };
      if (!t.token) return { ok: false, message: `the token service of ${apiHost} answered ${t.status}` };
      authorization = `Bearer ${t.token}`;
    }
    const second = await get(`${base}/v2/`, authorization);
    if (second.ok) return { ok: true, message: `Signed in to ${apiHost} as ${username}` };
    if (second.status === 401) return { ok: false, message: `${apiHost} refused the credentials (wrong username or password/token)` };
    return { ok: false, message: `${base}/v2/ answered ${second.status} with the credentials` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    return { ok: false, message: `Cannot reach ${base}/v2/ (${why})` };
  }
}
