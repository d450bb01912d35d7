/**
 * One probe attempt from the node (lib/protocol/probe.ts): an HTTP GET that counts 2xx and 3xx as
 * healthy (redirects are not followed, as the classic service did not), or a TCP connect that
 * counts an accepted connection as healthy. Both give up after `timeoutMs`. Never throws: a
 * refused connection, a reset or a timeout is a failed probe with a reason.
 */
import http from "node:http";
import net from "node:net";

export type ProbeTarget =
  | { kind: "http"; address: string; port: number; path: string; timeoutMs: number }
  | { kind: "tcp"; address: string; port: number; timeoutMs: number };

export type ProbeResult = { ok: boolean; detail: string };

/** 2xx and 3xx are healthy, like the classic service's HTTP probe; anything else is not. */
export function statusIsHealthy(status: number): boolean {
  return status >= 200 && status < 400;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);

function httpProbe(target: Extract<ProbeTarget, { kind: "http" }>): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: target.address,
        port: target.port,
        path: target.path,
        method: "GET",
        agent: false,
        headers: { "user-agent": "wharf-agent-probe", connection: "close" },
        timeout: target.timeoutMs,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.resume(); // the body is not read, only drained
        request.destroy();
        resolve({ ok: statusIsHealthy(status), detail: `HTTP ${status}` });
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${target.timeoutMs} ms`)), target.timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`no answer within ${target.timeoutMs} ms`)));
    request.on("error", (error) => resolve({ ok: false, detail: errorText(error) }));
    request.on("close", () => clearTimeout(timer));
    request.end();
  });
}

function tcpProbe(target: Extract<ProbeTarget, { kind: "tcp" }>): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.address, port: target.port });
    const done = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, detail: `no connection within ${target.timeoutMs} ms` }), target.timeoutMs);
    socket.once("connect", () => done({ ok: true, detail: "connected" }));
    socket.once("error", (error) => done({ ok: false, detail: errorText(error) }));
  });
}

export function runProbe(target: ProbeTarget): Promise<ProbeResult> {
  return target.kind === "http" ? httpProbe(target) : tcpProbe(target);
}
