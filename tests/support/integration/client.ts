/** A small API client over the in-process router: session cookies or bearer tokens, JSON bodies. */
import { EDGE_HEADERS } from "@/lib/http/edge";
import { dispatch } from "./router";

export const ORIGIN = "http://127.0.0.1:3000";

export type Credentials = { cookie?: string; token?: string };

export type CallOptions = Credentials & {
  body?: unknown;
  /** Raw body text, sent as is (for malformed JSON and size tests). */
  rawBody?: string;
  headers?: Record<string, string>;
};

export type ApiResult<T = unknown> = { status: number; json: T; headers: Headers; text: string };

export async function call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  // x-wharf-peer: what the edge hook records for a client connecting directly from 203.0.113.7.
  const headers = new Headers({ host: "127.0.0.1:3000", "user-agent": "wharf-integration-test", [EDGE_HEADERS.peer]: "203.0.113.7" });
  if (options.cookie) {
    headers.set("cookie", options.cookie);
    headers.set("origin", ORIGIN); // browsers send Origin on every non-GET fetch
  }
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers.set("content-type", "application/json");
  for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
  const res = await dispatch(new Request(`${ORIGIN}${path}`, { method, headers, body }));
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as T, headers: res.headers, text };
}

/** The session cookie from a sign-in or sign-up response, ready to send back. */
export function sessionFrom(res: ApiResult): string {
  const setCookie = res.headers.get("set-cookie") ?? "";
  const match = /wharf_session=([^;]+)/.exec(setCookie);
  if (!match?.[1]) throw new Error(`no session cookie in response (${res.status}): ${res.text}`);
  return `wharf_session=${match[1]}`;
}
