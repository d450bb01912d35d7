import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCidr, type Cidr } from "./address-policy";
import { describeStatus, OutboundError, safeFetch } from "./safe-fetch";

// Only loopback servers this file starts. The policy refuses them unless the allow-list says so.
type Server = { port: number; hits: string[]; close: () => Promise<void> };
async function serve(handler: http.RequestListener, host = "127.0.0.1"): Promise<Server> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { port: (server.address() as AddressInfo).port, hits, close: () => new Promise((r) => server.close(() => r())) };
}

const LOOPBACK: Cidr[] = [parseCidr("127.0.0.0/8"), parseCidr("::1")].filter((c): c is Cidr => c !== null);
const refusal = (url: string, allow: Cidr[] = []) =>
  safeFetch({ url, allow, timeoutMs: 3_000 }).then(
    () => "sent",
    (e: unknown) => e,
  );

let ok: Server;
let redirect: Server;
beforeAll(async () => {
  ok = await serve((req, res) => res.writeHead(200, { "content-type": "text/plain" }).end(`hello ${req.method}`));
  redirect = await serve((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${ok.port}/elsewhere` }).end());
});
afterAll(async () => {
  await ok.close();
  await redirect.close();
});

describe("finding 5c: outgoing requests refuse non-public destinations after DNS resolution", () => {
  it.each([
    ["loopback", () => `http://127.0.0.1:${ok.port}/`, /127\.0\.0\.1 is a loopback address/],
    ["a name resolving to loopback", () => `http://localhost:${ok.port}/`, /localhost resolves to .*loopback address/],
    ["decimal IPv4", () => `http://2130706433:${ok.port}/`, /127\.0\.0\.1 is a loopback address/],
    ["hex/short IPv4", () => `http://0x7f.1:${ok.port}/`, /127\.0\.0\.1 is a loopback address/],
    ["0.0.0.0", () => `http://0.0.0.0:${ok.port}/`, /unspecified/],
    ["IPv6 loopback", () => `http://[::1]:${ok.port}/`, /::1 is a loopback address/],
    ["IPv4-mapped IPv6", () => `http://[::ffff:127.0.0.1]:${ok.port}/`, /loopback address \(inside an IPv6 address\)/],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/", /169\.254\.169\.254 is a link-local address/],
    ["private network", () => "http://10.0.0.1/", /private network/],
    ["private network 192.168", () => "https://192.168.0.1/", /private network/],
    ["CGNAT", () => "http://100.64.0.1/", /carrier-grade NAT/],
    ["unique local IPv6", () => "http://[fd00::1]/", /unique local/],
  ])("%s is refused before connecting", async (_name, url, why) => {
    const before = ok.hits.length;
    const error = await refusal(url());
    expect(error).toBeInstanceOf(OutboundError);
    expect(error).toMatchObject({ code: "DESTINATION_NOT_ALLOWED", message: expect.stringMatching(why) });
    expect((error as Error).message).toMatch(/OUTBOUND_ALLOW_CIDRS/);
    expect(ok.hits.length).toBe(before);
  });

  it("the installation allow-list lets a local receiver through", async () => {
    const res = await safeFetch({ url: `http://127.0.0.1:${ok.port}/in`, method: "POST", body: "{}", allow: LOOPBACK });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("hello POST");
    expect(ok.hits).toContain("POST /in");
  });

  it("connects to the address it checked, without a second DNS lookup", async () => {
    // "pinned.invalid" exists only in this resolver: a second lookup by the socket would fail
    let lookups = 0;
    const resolve = async () => (
      lookups++,
      [
        { address: "::1", family: 6 },
        { address: "127.0.0.1", family: 4 },
      ]
    );
    const res = await safeFetch({ url: `http://pinned.invalid:${ok.port}/pinned`, allow: [parseCidr("127.0.0.0/8") as Cidr], resolve });
    expect(res).toMatchObject({ status: 200, address: "127.0.0.1" }); // ::1 is not allowed, so never used
    expect(lookups).toBe(1);
    expect(ok.hits).toContain("GET /pinned");
  });

  it("a name that resolves only to refused addresses is refused (DNS rebinding to the metadata service)", async () => {
    const resolve = async () => [{ address: "169.254.169.254", family: 4 }];
    await expect(safeFetch({ url: "http://rebind.invalid/", resolve, allow: LOOPBACK })).rejects.toMatchObject({
      code: "DESTINATION_NOT_ALLOWED",
      message: expect.stringMatching(/rebind\.invalid resolves to 169\.254\.169\.254: 169\.254\.169\.254 is a link-local address/),
    });
  });

  it("never follows a redirect; the 3xx and its Location come back", async () => {
    const before = ok.hits.length;
    const res = await safeFetch({ url: `http://127.0.0.1:${redirect.port}/start`, allow: LOOPBACK });
    expect(res.status).toBe(302);
    expect(describeStatus(res)).toBe(`answered 302 (a redirect to http://127.0.0.1:${ok.port}/elsewhere; redirects are not followed)`);
    expect(ok.hits.length).toBe(before);
  });

  it("caps the response size and has a deadline", async () => {
    const big = await serve((_req, res) => res.end(Buffer.alloc(200_000, 97)));
    const silent = await serve(() => undefined);
    try {
      await expect(safeFetch({ url: `http://127.0.0.1:${big.port}/`, allow: LOOPBACK, maxResponseBytes: 1000 })).rejects.toMatchObject({
        code: "TOO_LARGE",
      });
      await expect(safeFetch({ url: `http://127.0.0.1:${silent.port}/`, allow: LOOPBACK, timeoutMs: 300 })).rejects.toMatchObject({
        code: "TIMEOUT",
      });
    } finally {
      await big.close();
      await silent.close().catch(() => undefined);
    }
  });

  it("refuses URLs it cannot send safely", async () => {
    await expect(safeFetch({ url: "file:///etc/passwd" })).rejects.toMatchObject({ code: "BAD_URL" });
    await expect(safeFetch({ url: `http://user:pw@127.0.0.1:${ok.port}/`, allow: LOOPBACK })).rejects.toMatchObject({ code: "BAD_URL" });
  });
});
