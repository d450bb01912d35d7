import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { AGENT_HEADERS, PROTOCOL_VERSION } from "@/lib/protocol";
import { GatewayRefusedError } from "../util/gateway-refusal";
import { openGatewaySocket } from "./gateway-socket";

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = undefined;
});

async function listen(onUpgrade: (req: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => void): Promise<string> {
  server = http.createServer();
  server.on("upgrade", onUpgrade);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/connect`;
}

describe("openGatewaySocket", () => {
  it("reads a refused upgrade's status and gateway error", async () => {
    const url = await listen((_req, socket) => {
      const body = JSON.stringify({ error: { code: "NODE_REMOVED", message: "This node was removed from cluster prod" } });
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    const error = await openGatewaySocket({ url, credential: "c", agentVersion: "1" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayRefusedError);
    expect(error).toMatchObject({ status: 401, code: "NODE_REMOVED", gatewayMessage: "This node was removed from cluster prod" });
  });

  it("keeps a proxy's non-JSON refusal readable", async () => {
    const url = await listen((_req, socket) => socket.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 11\r\n\r\nBad Gateway"));
    const error = await openGatewaySocket({ url, credential: "c", agentVersion: "1" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: null, gatewayMessage: "Bad Gateway" });
  });

  it("sends the credential and protocol headers, and delivers messages sent right after open", async () => {
    const wss = new WebSocketServer({ noServer: true });
    let headers: http.IncomingHttpHeaders = {};
    const url = await listen((req, socket, head) => {
      headers = req.headers;
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.send(JSON.stringify({ early: true }));
        ws.on("message", (data) => ws.close(4001, `echo ${String(data)}`));
      });
    });
    const socket = await openGatewaySocket({ url, credential: "cred-1", agentVersion: "7.7.7" });
    await new Promise((r) => setTimeout(r, 30)); // the early message arrives before anyone listens
    const received: string[] = [];
    socket.onMessage((text) => received.push(text));
    const closed = new Promise<[number, string]>((resolve) => socket.onClose((code, reason) => resolve([code, reason])));
    socket.send("hi");
    expect(await closed).toEqual([4001, "echo hi"]);
    expect(received).toEqual(['{"early":true}']);
    expect(headers.authorization).toBe("Bearer cred-1");
    expect(headers[AGENT_HEADERS.protocol]).toBe(String(PROTOCOL_VERSION));
    expect(headers[AGENT_HEADERS.agentVersion]).toBe("7.7.7");
    wss.close();
  });

  it("fails on a network error", async () => {
    await expect(openGatewaySocket({ url: "ws://127.0.0.1:9/v1/connect", credential: "c", agentVersion: "1" })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
