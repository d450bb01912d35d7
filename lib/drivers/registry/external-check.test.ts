import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseCidr, type Cidr } from "@/lib/drivers/net/address-policy";
import { checkExternalRegistry, realmRefusal } from "./external-check";

// Local stand-ins for registries (labelled as such): loopback servers this file starts.
const LOOPBACK = [parseCidr("127.0.0.0/8")].filter((c): c is Cidr => c !== null);
type Hit = { path: string; authorization?: string };
const servers: http.Server[] = [];

async function standIn(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, self: string) => void,
): Promise<{ host: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  let self = "";
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? "", authorization: req.headers.authorization });
    handler(req, res, self);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  self = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host: self, hits };
}

/** A v2 registry whose token service is at `realm(self)`; accepts user/pw and the token it issued. */
function registry(realm: (self: string) => string) {
  return (req: http.IncomingMessage, res: http.ServerResponse, self: string) => {
    if (req.url?.startsWith("/token")) {
      const ok = req.headers.authorization === `Basic ${Buffer.from("user:pw").toString("base64")}`;
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(ok ? JSON.stringify({ token: "issued" }) : "{}");
    } else if (req.headers.authorization === "Bearer issued") res.writeHead(200).end("{}");
    else res.writeHead(401, { "www-authenticate": `Bearer realm="${realm(self)}",service="stand-in"` }).end();
  };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe("finding 5c: test connection does not leak credentials or follow redirects", () => {
  it("signs in through a token service on the registry's own host", async () => {
    const reg = await standIn(registry((self) => `http://${self}/token`));
    expect(await checkExternalRegistry({ host: reg.host, username: "user", password: "pw", allow: LOOPBACK })).toEqual({
      ok: true,
      message: `Signed in to ${reg.host} as user`,
    });
  });

  it("never sends the stored credentials to a realm on another host:port", async () => {
    const foreign = await standIn((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: "issued" })),
    );
    const reg = await standIn(registry(() => `http://${foreign.host}/token`));
    const result = await checkExternalRegistry({ host: reg.host, username: "user", password: "pw", allow: LOOPBACK });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(new RegExp(`token service on another host \\(${foreign.host}\\).*the credentials were not sent`));
    expect(foreign.hits).toEqual([]);
    expect(reg.hits.every((h) => h.authorization === undefined)).toBe(true);
  });

  it("does not follow a redirect of /v2/ (and reports where it pointed)", async () => {
    const target = await standIn(registry((self) => `http://${self}/token`));
    const reg = await standIn((_req, res) => res.writeHead(307, { location: `http://${target.host}/v2/` }).end());
    const result = await checkExternalRegistry({ host: reg.host, username: "user", password: "pw", allow: LOOPBACK });
    expect(result).toEqual({
      ok: false,
      message: `http://${reg.host}/v2/ answered 307 (a redirect to http://${target.host}/v2/; redirects are not followed); this does not look like a Docker registry (v2 API)`,
    });
    expect(target.hits).toEqual([]);
  });

  it("does not follow a redirect of the token service with the credentials", async () => {
    const target = await standIn((_req, res) => res.writeHead(200).end(JSON.stringify({ token: "issued" })));
    const reg = await standIn((req, res, self) => {
      if (req.url?.startsWith("/token")) res.writeHead(302, { location: `http://${target.host}/steal` }).end();
      else res.writeHead(401, { "www-authenticate": `Bearer realm="http://${self}/token"` }).end();
    });
    const result = await checkExternalRegistry({ host: reg.host, username: "user", password: "pw", allow: LOOPBACK });
    expect(result.message).toMatch(/token service .* answered 302 \(a redirect to .*\/steal; redirects are not followed\)/);
    expect(target.hits).toEqual([]);
  });

  it("refuses non-public registry hosts unless allow-listed", async () => {
    const reg = await standIn(registry((self) => `http://${self}/token`));
    const result = await checkExternalRegistry({ host: reg.host, username: "user", password: "pw", allow: [] });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Cannot reach .*127\.0\.0\.1 is a loopback address/) });
    expect(reg.hits).toEqual([]);
    const metadata = await checkExternalRegistry({ host: "169.254.169.254", username: "u", password: "p", allow: LOOPBACK });
    expect(metadata.message).toMatch(/169\.254\.169\.254 is a link-local address/);
  });

  it("accepts only same-host realms (Docker Hub's auth.docker.io excepted) and no http realm for an https registry", () => {
    expect(realmRefusal("https://ghcr.io/token", "https://ghcr.io")).toBeNull();
    expect(realmRefusal("https://ghcr.io:443/token", "https://ghcr.io")).toBeNull();
    expect(realmRefusal("https://auth.docker.io/token", "https://registry-1.docker.io")).toBeNull();
    expect(realmRefusal("https://auth.docker.io/token", "https://ghcr.io")).toMatch(/another host/);
    expect(realmRefusal("http://ghcr.io/token", "https://ghcr.io")).toMatch(/plain http/);
    expect(realmRefusal("https://ghcr.io:8443/token", "https://ghcr.io")).toMatch(/another host/);
    expect(realmRefusal("https://evil.example/token", "https://registry.example.com")).toMatch(/another host \(evil\.example\)/);
    expect(realmRefusal("http://127.0.0.1:5001/token", "http://127.0.0.1:5000")).toMatch(/another host/);
    expect(realmRefusal("file:///etc/passwd", "https://x.example")).toMatch(/not http/);
    expect(realmRefusal("::nonsense", "https://x.example")).toMatch(/not a URL/);
  });
});
