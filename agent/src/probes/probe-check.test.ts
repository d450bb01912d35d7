import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe, statusIsHealthy } from "./probe-check";

let server: http.Server;
let port: number;
const hanging: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const status = Number(req.url?.slice(1));
    if (req.url === "/hang") return void hanging.push(res); // never answers
    res.writeHead(Number.isInteger(status) && status >= 200 ? status : 200, { location: "/elsewhere" }).end("x");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const free = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

describe("statusIsHealthy", () => {
  it("accepts 2xx and 3xx only", () => {
    expect([200, 204, 299, 301, 302, 399].every(statusIsHealthy)).toBe(true);
    expect([100, 199, 400, 404, 500, 503, 0].some(statusIsHealthy)).toBe(false);
  });
});

describe("runProbe over HTTP", () => {
  const http = (path: string, timeoutMs = 2_000) => runProbe({ kind: "http", address: "127.0.0.1", port, path, timeoutMs });

  it("passes on 2xx and 3xx (redirects are not followed) and fails on 4xx/5xx", async () => {
    expect(await http("/200")).toEqual({ ok: true, detail: "HTTP 200" });
    expect(await http("/302")).toEqual({ ok: true, detail: "HTTP 302" });
    expect(await http("/404")).toEqual({ ok: false, detail: "HTTP 404" });
    expect(await http("/503")).toEqual({ ok: false, detail: "HTTP 503" });
  });

  it("fails when nothing listens, and after the timeout when the server never answers", async () => {
    expect(await runProbe({ kind: "http", address: "127.0.0.1", port: await closedPort(), path: "/", timeoutMs: 2_000 })).toEqual({
      ok: false,
      detail: "ECONNREFUSED",
    });
    const started = Date.now();
    const result = await http("/hang", 300);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/within 300 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("runProbe over TCP", () => {
  it("passes for a listening port and fails for a closed one", async () => {
    expect(await runProbe({ kind: "tcp", address: "127.0.0.1", port, timeoutMs: 1_000 })).toEqual({ ok: true, detail: "connected" });
    expect(await runProbe({ kind: "tcp", address: "127.0.0.1", port: await closedPort(), timeoutMs: 1_000 })).toEqual({
      ok: false,
      detail: "ECONNREFUSED",
    });
  });
});
