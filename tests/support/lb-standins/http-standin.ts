/**
 * LOCAL STAND-IN plumbing shared by the cloud load-balancer stand-ins (aliyun-slb-standin.ts,
 * aws-elbv2-standin.ts): a small HTTP server on 127.0.0.1 (random port) and the call log tests
 * assert on. Nothing here talks to a cloud.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedCall = {
  /** The API operation (SLB Action, ELBv2 Action). */
  operation: string;
  /** Request parameters as sent on the wire (flat, strings), signature parameters left out. */
  params: Record<string, string>;
  ok: boolean;
  /** The cloud error code the stand-in answered with, when not ok. */
  errorCode?: string;
};

export type StandinRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
export type StandinResponse = { status: number; contentType: string; body: string; headers?: Record<string, string> };

export type StandinServer = { url: string; port: number; close(): Promise<void> };

export async function startStandinServer(handle: (req: StandinRequest) => StandinResponse): Promise<StandinServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let out: StandinResponse;
      try {
        out = handle({
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
      } catch (error) {
        out = { status: 500, contentType: "text/plain", body: `stand-in bug: ${(error as Error).stack ?? String(error)}` };
      }
      res.writeHead(out.status, { "content-type": out.contentType, ...out.headers });
      res.end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Counts successful state-changing calls (anything but Describe*), for idempotency assertions. */
export const countMutations = (calls: RecordedCall[]) => calls.filter((c) => c.ok && !c.operation.startsWith("Describe")).length;

let counter = 0;
export const fakeId = (prefix: string, length = 17) => {
  counter += 1;
  const random = `${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2)}`.replace(/[^a-z0-9]/g, "");
  return `${prefix}${random.padEnd(length, "0").slice(0, length)}`;
};

export const requestId = () => `${fakeId("", 8)}-${fakeId("", 4)}-${fakeId("", 4)}-${fakeId("", 12)}`.toUpperCase();
