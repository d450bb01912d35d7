/**
 * Next.js 16's request hook (formerly middleware). It runs only for /api requests the edge hook
 * marked (lib/http/edge-hook.ts): malformed paths, unknown API paths and undeclared methods, which
 * it answers in the error shape. Everything else goes straight to the route handlers, unbuffered.
 */
import { NextResponse, type NextRequest } from "next/server";
import { EDGE_HEADERS, edgeResponse, edgeVerdict } from "@/lib/http/edge";

export function proxy(req: NextRequest) {
  const verdict = edgeVerdict(req.headers.get(EDGE_HEADERS.refused) ?? req.method, req.nextUrl.pathname);
  return verdict ? edgeResponse(verdict) : NextResponse.next();
}

// Matchers must be literals (Next.js reads them at build time): the header name is EDGE_HEADERS.refused.
export const config = { matcher: [{ source: "/api/:path*", has: [{ type: "header", key: "x-wharf-edge" }] }] };
