/**
 * Requests under /api that no route handler should see, answered in the error shape before Next.js
 * routes them: a malformed %-escape in the path (Next.js would fail decoding it with a plain-text
 * 500), a path no route serves (Next.js: an HTML 404), a method the route does not declare
 * (Next.js: an empty 405, or a 500 for TRACE). The decision is one pure function, used by the edge
 * hook (which marks such requests), by proxy.ts (which answers them) and by the test router.
 */
import { allowedMethods, matchApiRoute, type ErrorDialect } from "./api-routes";
import { errorResponse } from "./respond";

/** Set by the edge hook on every request; a client's own copies are dropped. */
export const EDGE_HEADERS = {
  /** The socket's remote address (lib/http/request-info.ts decides what to believe from it). */
  peer: "x-wharf-peer",
  /** The request's real method, on requests the edge answers itself (proxy.ts runs only for these). */
  refused: "x-wharf-edge",
} as const;

/**
 * Methods a WHATWG Request cannot carry: Next.js fails on them before any of our code runs, so the
 * edge hook relabels them OPTIONS (harmless everywhere) and keeps the real one in EDGE_HEADERS.refused.
 */
export const UNREPRESENTABLE_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

export type EdgeVerdict = {
  status: 400 | 404 | 405;
  code: "BAD_REQUEST" | "NOT_FOUND" | "METHOD_NOT_ALLOWED";
  message: string;
  allow?: string[];
  dialect: ErrorDialect;
};

export const isApiPath = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

/** The path part of a request target ("/a/b?x" or an absolute "http://host/a/b?x"). */
export function pathOfTarget(target: string): string {
  let rest = target;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length) || "/";
  const end = rest.search(/[?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

function decodeSegments(pathname: string): string[] | null {
  const out: string[] = [];
  for (const raw of pathname.split("/").filter(Boolean)) {
    try {
      out.push(decodeURIComponent(raw));
    } catch {
      return null;
    }
  }
  return out;
}

/** What the edge answers for this method and raw (still %-encoded) path, or null to let the route handle it. */
export function edgeVerdict(method: string, pathname: string): EdgeVerdict | null {
  if (!isApiPath(pathname)) return null;
  const dialect: ErrorDialect = pathname.startsWith("/api/registry/") ? "registry" : "wharf";
  const segments = decodeSegments(pathname);
  if (!segments) {
    return { status: 400, code: "BAD_REQUEST", message: "The request path has a malformed %-escape (or one that is not UTF-8)", dialect };
  }
  const route = matchApiRoute(segments);
  if (!route) return { status: 404, code: "NOT_FOUND", message: "No such API endpoint; see /api/v1/openapi.json", dialect };
  const allow = allowedMethods(route);
  if (!allow.includes(method.toUpperCase())) {
    return {
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: `${method.slice(0, 20)} is not allowed here; allowed: ${allow.join(", ")}`,
      allow,
      dialect: route.dialect,
    };
  }
  return null;
}

const DOCKER_CODES = { BAD_REQUEST: "UNSUPPORTED", NOT_FOUND: "NAME_UNKNOWN", METHOD_NOT_ALLOWED: "UNSUPPORTED" } as const;

export function edgeResponse(verdict: EdgeVerdict): Response {
  const headers: Record<string, string> = verdict.allow ? { allow: verdict.allow.join(", ") } : {};
  if (verdict.dialect === "registry") {
    const body = JSON.stringify({ errors: [{ code: DOCKER_CODES[verdict.code], message: verdict.message }] });
    return new Response(body, {
      status: verdict.status,
      headers: { ...headers, "content-type": "application/json", "cache-control": "no-store" },
    });
  }
  return errorResponse(verdict.code, verdict.message, { headers });
}

export type EdgeRewrite = { method: string; headers: Record<string, string> };

/**
 * What the edge hook does to an incoming request before Next.js sees it: record the socket's peer,
 * mark requests the edge answers (so proxy.ts runs for them and for nothing else — a proxy that ran
 * for every request would make Next.js buffer every body), and relabel methods a Request cannot
 * carry. Any client-sent EDGE_HEADERS are replaced by the caller.
 */
export function edgeRewrite({ method, target, peer }: { method: string; target: string; peer: string | null }): EdgeRewrite {
  const headers: Record<string, string> = {};
  if (peer) headers[EDGE_HEADERS.peer] = peer;
  const upper = method.toUpperCase();
  if (edgeVerdict(upper, pathOfTarget(target))) headers[EDGE_HEADERS.refused] = upper;
  return { method: UNREPRESENTABLE_METHODS.has(upper) ? "OPTIONS" : method, headers };
}
