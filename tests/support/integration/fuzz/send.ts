/**
 * Sends a fuzz case through the in-process router as Next.js would receive it: the edge hook's
 * rewrite (lib/http/edge.ts: TRACE relabelled, requests the edge answers marked) applied first,
 * bodies sent as raw bytes, and streaming answers read for a bounded time.
 */
import { EDGE_HEADERS, edgeRewrite } from "@/lib/http/edge";
import { ORIGIN } from "../client";
import { dispatch } from "../router";
import type { FuzzCase } from "./cases";

export type Sent = { status: number; headers: Headers; text: string; requestText: string };

export type Signers = { cookie: () => string; token: () => string; peer: string };

export async function sendCase(c: FuzzCase, signers: Signers): Promise<Sent> {
  const rewrite = edgeRewrite({ method: c.method, target: c.target, peer: null });
  const headers = new Headers({
    host: "127.0.0.1:3000",
    "user-agent": "wharf-fuzz",
    [EDGE_HEADERS.peer]: signers.peer,
    ...rewrite.headers,
  });
  for (const [k, v] of Object.entries(c.headers)) headers.set(k, v);
  if (c.signer === "owner-session") {
    headers.set("cookie", signers.cookie());
    headers.set("origin", ORIGIN);
  }
  if (c.signer === "owner-token") headers.set("authorization", `Bearer ${signers.token()}`);
  const method = rewrite.method;
  const body = method === "GET" || method === "HEAD" || c.body === undefined ? undefined : c.body;
  const requestText = `${c.target} ${[...headers.values()].join(" ")} ${typeof body === "string" ? body : (body?.toString("latin1") ?? "")}`;
  let res: Response;
  try {
    res = await dispatch(
      new Request(`${ORIGIN}${c.target}`, { method, headers, body: typeof body === "string" ? body : body && new Uint8Array(body) }),
    );
  } catch (error) {
    // What Next.js makes of an exception before or outside a route handler: a plain-text 500.
    return {
      status: 500,
      headers: new Headers({ "content-type": "text/plain" }),
      text: `Internal Server Error (${String(error)})`,
      requestText,
    };
  }
  return { status: res.status, headers: res.headers, text: await readBounded(res), requestText };
}

/** At most ~1 MB or 2 s of the body: log streams (Server-Sent Events) never end by themselves. */
async function readBounded(res: Response, ms = 2000): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  let out = "";
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
    });
    const chunk = await Promise.race([reader.read(), timeout]);
    clearTimeout(timer);
    if (!chunk || chunk.done || out.length > 1_000_000) {
      if (!chunk?.done) await reader.cancel().catch(() => undefined);
      return out;
    }
    out += decoder.decode(chunk.value, { stream: true });
  }
}
