/**
 * Calls the real route modules in app/api in-process, the way Next.js would: the path is matched
 * against the app/ folder structure (static segments before [param] before [...catchAll]) and the
 * exported method handler is called with a standard Request. Requests the edge answers (malformed
 * paths, unknown API paths, undeclared methods) are answered here by the same function.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { EDGE_HEADERS, edgeResponse, edgeVerdict } from "@/lib/http/edge";

type RouteFile = { file: string; segments: string[] };
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const APP_DIR = path.resolve(__dirname, "../../../app");

function collect(dir: string, segments: string[] = []): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      // (groups) do not appear in URLs
      out.push(...collect(full, /^\(.*\)$/.test(entry) ? segments : [...segments, entry]));
    } else if (entry === "route.ts") {
      out.push({ file: full, segments });
    }
  }
  return out;
}

export const ROUTE_FILES = collect(path.join(APP_DIR, "api"), ["api"]);

function match(route: RouteFile, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i] ?? "";
    const catchAll = /^\[\.\.\.(.+)\]$/.exec(seg);
    if (catchAll?.[1]) {
      if (i >= parts.length) return null;
      params[catchAll[1]] = parts.slice(i);
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    const param = /^\[(.+)\]$/.exec(seg);
    if (param?.[1]) params[param[1]] = decodeURIComponent(part);
    else if (seg !== part) return null;
  }
  return route.segments.length === parts.length ? params : null;
}

/** Lower is more specific: static segments win over params, params over catch-alls. */
function rank(route: RouteFile): number[] {
  return route.segments.map((s) => (s.startsWith("[...") ? 2 : s.startsWith("[") ? 1 : 0));
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export async function dispatch(req: Request): Promise<Response> {
  // What Next.js's edge answers before routing (lib/http/edge-hook.ts marks, proxy.ts answers).
  // Callers play the edge hook's part themselves (its peer header, TRACE relabelled: edgeRewrite).
  const verdict = edgeVerdict(req.headers.get(EDGE_HEADERS.refused) ?? req.method, new URL(req.url).pathname);
  if (verdict) return edgeResponse(verdict);
  const parts = new URL(req.url).pathname.split("/").filter(Boolean);
  const candidates = ROUTE_FILES.map((r) => ({ r, params: match(r, parts) }))
    .filter((c): c is { r: RouteFile; params: Record<string, string | string[]> } => c.params !== null)
    .sort((a, b) => compareRank(rank(a.r), rank(b.r)));
  const hit = candidates[0];
  if (!hit) return new Response("not found", { status: 404 });
  const mod = (await import(hit.r.file)) as Record<string, Handler | undefined>;
  const handler = mod[req.method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(req, { params: Promise.resolve(hit.params) });
}
