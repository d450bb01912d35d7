/**
 * POST a JSON body and read the JSON answer, over node:http/https so a custom CA can be trusted
 * (global fetch cannot take one without undici). TLS is always verified.
 */
import http from "node:http";
import https from "node:https";

export type PostJsonOptions = { url: string; body: unknown; ca?: string[]; timeoutMs?: number; signal?: AbortSignal };
export type JsonResponse = { status: number; body: unknown; text: string };

const MAX_RESPONSE = 1024 * 1024;

export function postJson({ url, body, ca, timeoutMs = 30_000, signal }: PostJsonOptions): Promise<JsonResponse> {
  const payload = Buffer.from(JSON.stringify(body));
  const target = new URL(url);
  const transport = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": payload.length, accept: "application/json" },
        ...(target.protocol === "https:" ? { ca, rejectUnauthorized: true } : {}),
        timeout: timeoutMs,
        signal,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
          if (text.length > MAX_RESPONSE) request.destroy(new Error(`response from ${target.origin} is larger than ${MAX_RESPONSE} bytes`));
        });
        response.on("end", () => {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            // left null: the caller reports the status and the start of the text
          }
          resolve({ status: response.statusCode ?? 0, body: json, text });
        });
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer from ${target.origin} within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(payload);
  });
}
