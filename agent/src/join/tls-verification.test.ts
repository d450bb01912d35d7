// TLS to the gateway is always verified: a self-signed gateway is refused unless its CA is given
// with --ca-file, and NODE_TLS_REJECT_UNAUTHORIZED=0 cannot switch verification off.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { openGatewaySocket } from "../session/gateway-socket";
import { loadCaBundle } from "./ca-bundle";
import { postJson } from "./post-json";

let dir: string;
let server: https.Server;
let base: string;
let caFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "wharf-agent-tls-"));
  const key = path.join(dir, "key.pem");
  caFile = path.join(dir, "cert.pem");
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-keyout",
    key,
    "-out",
    caFile,
    "-subj",
    "/CN=wharf-test-gateway",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
  ]);
  server = https.createServer({ key: await readFile(key), cert: await readFile(caFile) }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end('{"hello":"tls"}');
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => ws.close(4004, "bye"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe("TLS verification", () => {
  it("refuses a certificate the system does not trust", async () => {
    await expect(postJson({ url: `https://${base}/v1/join`, body: {} })).rejects.toThrow(/self.signed/i);
    await expect(openGatewaySocket({ url: `wss://${base}/v1/connect`, credential: "c", agentVersion: "1" })).rejects.toThrow(
      /self.signed/i,
    );
  });

  it("trusts the gateway's CA from --ca-file (on top of the system roots)", async () => {
    const ca = await loadCaBundle(caFile);
    expect(ca?.length).toBeGreaterThan(1);
    expect(await postJson({ url: `https://${base}/v1/join`, body: {}, ca })).toMatchObject({ status: 200, body: { hello: "tls" } });
    const socket = await openGatewaySocket({ url: `wss://${base}/v1/connect`, credential: "c", agentVersion: "1", ca });
    expect(await new Promise((resolve) => socket.onClose((code) => resolve(code)))).toBe(4004);
  });

  it("ignores NODE_TLS_REJECT_UNAUTHORIZED=0", async () => {
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      await expect(postJson({ url: `https://${base}/v1/join`, body: {} })).rejects.toThrow(/self.signed/i);
      await expect(openGatewaySocket({ url: `wss://${base}/v1/connect`, credential: "c", agentVersion: "1" })).rejects.toThrow(
        /self.signed/i,
      );
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
    }
  });

  it("explains an unreadable or non-PEM CA file", async () => {
    await expect(loadCaBundle(path.join(dir, "missing.pem"))).rejects.toThrow(/cannot read the CA file .*missing\.pem \(ENOENT\)/);
    const junk = path.join(dir, "junk.pem");
    await writeFile(junk, "not a certificate");
    await expect(loadCaBundle(junk)).rejects.toThrow("contains no PEM certificate");
    expect(await loadCaBundle(null)).toBeUndefined();
  });
});
