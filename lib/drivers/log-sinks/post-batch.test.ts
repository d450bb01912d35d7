import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCidr, type Cidr } from "../net/address-policy";
import { postBatch } from "./post-batch";

// A loopback stand-in sink this file starts; the outbound policy lets it through only by the allow-list.
const LOOPBACK: Cidr[] = [parseCidr("127.0.0.0/8")].filter((c): c is Cidr => c !== null);
let server: http.Server;
let url: string;
const received: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push(`${req.method} ${req.url} ${body}`);
      if (req.url === "/push") res.writeHead(204).end();
      else res.writeHead(400, { "content-type": "text/plain" }).end("bad stream labels");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (endpoint: string, allow: Cidr[] = LOOPBACK) =>
  postBatch({
    sink: "Loki",
    url,
    endpoint: `${url}${endpoint}`,
    headers: { "content-type": "application/json" },
    body: "{}",
    network: { allow },
  });

describe("postBatch", () => {
  it("posts the body to the endpoint and hands back a 2xx answer", async () => {
    expect((await post("/push")).status).toBe(204);
    expect(received.at(-1)).toBe("POST /push {}");
  });

  it("names the sink, its URL and the answer when the sink refuses the batch", async () => {
    await expect(post("/other")).rejects.toThrow(`Loki at ${url} answered 400: bad stream labels`);
  });

  it("names the sink and the policy's reason when the request is not sent", async () => {
    await expect(post("/push", [])).rejects.toThrow(new RegExp(`^Loki at ${url}: .*loopback address`));
  });
});
