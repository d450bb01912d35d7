/**
 * A loopback front for the hosted test registry that serves its token endpoint on its own
 * host:port — how real registries look from outside (ghcr.io/token, <name>.azurecr.io/oauth2/token).
 * Test stand-in, labelled as such: the hosted test registry names a realm on another address
 * (the console, reachable on the runtime bridge), and "test connection" only sends stored
 * credentials to a realm on the registry's own host (issue 9, finding 5c). Requests pass through
 * unchanged to the real registry and the real token endpoint; only the realm in the challenge is
 * rewritten.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type SameHostRegistry = { host: string; close: () => Promise<void> };

function forward(target: URL, req: http.IncomingMessage, res: http.ServerResponse, rewrite?: (headers: http.IncomingHttpHeaders) => void) {
  const headers = { ...req.headers, host: target.host };
  const upstream = http.request(target, { method: req.method, headers }, (answer) => {
    const out = { ...answer.headers };
    rewrite?.(out);
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
  });
  upstream.on("error", (err) => res.writeHead(502).end(String(err)));
  req.pipe(upstream);
}

/** `registry` is host:port of the hosted registry, `tokenEndpoint` the console's /api/registry/token URL. */
export async function sameHostRegistry({
  registry,
  tokenEndpoint,
}: {
  registry: string;
  tokenEndpoint: string;
}): Promise<SameHostRegistry> {
  let self = "";
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://front");
    if (url.pathname === "/token") {
      const target = new URL(tokenEndpoint);
      target.search = url.search;
      return forward(target, req, res);
    }
    forward(new URL(`http://${registry}${url.pathname}${url.search}`), req, res, (headers) => {
      const challenge = headers["www-authenticate"];
      if (typeof challenge === "string") headers["www-authenticate"] = challenge.replace(/realm="[^"]*"/, `realm="http://${self}/token"`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  self = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host: self, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
